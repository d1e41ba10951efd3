package dev.einops.bench.spark;

import java.io.Serializable;

/**
 * One generated row, as a Java bean so that Spark's bean encoder writes its primitive arrays into
 * rows with one copy and no boxing. Only the fields of the encoding asked for are filled.
 */
public final class Sample implements Serializable {
    private static final long serialVersionUID = 1L;
    private long index;
    private float[] flat;
    private float[][][] nested;
    private byte[] bgr;

    public long getIndex() {
        return index;
    }

    public void setIndex(long index) {
        this.index = index;
    }

    public float[] getFlat() {
        return flat;
    }

    public void setFlat(float[] flat) {
        this.flat = flat;
    }

    public float[][][] getNested() {
        return nested;
    }

    public void setNested(float[][][] nested) {
        this.nested = nested;
    }

    public byte[] getBgr() {
        return bgr;
    }

    public void setBgr(byte[] bgr) {
        this.bgr = bgr;
    }
}
