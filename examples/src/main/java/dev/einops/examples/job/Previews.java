package dev.einops.examples.job;

import dev.einops.Einops;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * PNG pictures of tensors, for a person to look at: a {@code c h w} tensor (one or three channels)
 * becomes an RGB image, its values scaled from their own minimum and maximum to black and white
 * (or taken as [0, 1] when asked), small ones enlarged by whole pixels with an einops repeat.
 *
 * <pre>{@code
 * Previews previews = new Previews(dir, new Configuration());
 * previews.write("image", Nd4j.rand(DataType.FLOAT, 3, 16, 16), false);   // dir/image.png, 128 x 128
 * }</pre>
 */
public final class Previews {
    /** Pictures narrower than this are enlarged by a whole factor to at least it. */
    public static final int MIN_WIDTH = 128;

    private final String dir;
    private final Configuration hadoop;
    private final List<String> written = new ArrayList<>();

    public Previews(String dir, Configuration hadoop) {
        this.dir = dir;
        this.hadoop = hadoop;
    }

    /**
     * Writes {@code chw} as {@code dir/name.png}.
     *
     * @param unitRange whether values are already in [0, 1] (else they are scaled from their min and max)
     * @return the picture's path
     */
    public String write(String name, INDArray chw, boolean unitRange) {
        INDArray image = chw.castTo(DataType.FLOAT);
        long channels = image.size(0);
        if (channels != 1 && channels != 3) {
            image = image.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).dup();
        }
        if (!unitRange) {
            image = stretched(image);
        }
        long width = image.size(2);
        int factor = (int) Math.max(1, (MIN_WIDTH + width - 1) / width);
        if (factor > 1) {
            image = Einops.repeat(image, "c h w -> c (h kh) (w kw)", Map.of("kh", factor, "kw", factor));
        }
        String path = dir + "/" + name + ".png";
        write(path, picture(image));
        written.add(path);
        return path;
    }

    /**
     * {@code x} with its contrast stretched: its minimum black (0), its maximum white (1), so that
     * a mean image whose values differ by a few percent still shows its shape.
     */
    public static INDArray stretched(INDArray x) {
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        return x.sub(min).divi(max > min ? max - min : 1);
    }

    /** The pictures written so far. */
    public List<String> written() {
        return List.copyOf(written);
    }

    private static BufferedImage picture(INDArray chw) {
        int height = (int) chw.size(1);
        int width = (int) chw.size(2);
        boolean grey = chw.size(0) == 1;
        float[] v = chw.dup('c').data().asFloat();
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int p = 0; p < plane; p++) {
            int r = level(v[p]);
            int g = grey ? r : level(v[plane + p]);
            int b = grey ? r : level(v[2 * plane + p]);
            picture.setRGB(p % width, p / width, (r << 16) | (g << 8) | b);
        }
        return picture;
    }

    private static int level(float unit) {
        return Math.max(0, Math.min(255, Math.round(unit * 255)));
    }

    private void write(String path, BufferedImage picture) {
        Path target = new Path(path);
        try {
            String scheme = target.toUri().getScheme();
            if (scheme == null || scheme.equals("file")) {
                // straight to the local disk: Hadoop's local file system would add a .crc file beside each picture
                java.nio.file.Path local = java.nio.file.Path.of(target.toUri().getPath());
                java.nio.file.Files.createDirectories(local.getParent());
                if (!ImageIO.write(picture, "png", local.toFile())) {
                    throw new IOException("no PNG writer");
                }
                return;
            }
            FileSystem fs = target.getFileSystem(hadoop);
            try (OutputStream out = fs.create(target, true)) {
                if (!ImageIO.write(picture, "png", out)) {
                    throw new IOException("no PNG writer");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the preview " + path, e);
        }
    }
}
