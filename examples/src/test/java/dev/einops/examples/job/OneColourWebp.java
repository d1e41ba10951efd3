package dev.einops.examples.job;

import java.io.ByteArrayOutputStream;

/**
 * A lossless WebP file (VP8L) of one colour, written bit by bit as the WebP lossless bitstream
 * specification lays it out: with a single symbol in each of the five prefix codes, every pixel
 * takes no bits. Enough to check that a WebP reader is installed and used, without a binary test file.
 */
final class OneColourWebp {
    private OneColourWebp() {
    }

    static byte[] bytes(int width, int height, int red, int green, int blue) {
        Bits bits = new Bits();
        bits.put(0x2f, 8);                 // VP8L signature
        bits.put(width - 1, 14);
        bits.put(height - 1, 14);
        bits.put(0, 1);                    // alpha is not used
        bits.put(0, 3);                    // version 0
        bits.put(0, 1);                    // no transform
        bits.put(0, 1);                    // no colour cache
        bits.put(0, 1);                    // no meta prefix codes
        for (int symbol : new int[] {green, red, blue, 255, 0}) {   // green, red, blue, alpha, distance
            bits.put(1, 1);                // a simple code
            bits.put(0, 1);                // of one symbol
            bits.put(1, 1);                // written in 8 bits
            bits.put(symbol, 8);
        }
        byte[] vp8l = bits.toBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int chunk = vp8l.length + (vp8l.length & 1);
        out.writeBytes("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeInt(out, 4 + 8 + chunk);
        out.writeBytes("WEBPVP8L".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        writeInt(out, vp8l.length);
        out.writeBytes(vp8l);
        if ((vp8l.length & 1) == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >> (8 * i)) & 0xff);
        }
    }

    /** Bits packed least significant first, as VP8L reads them. */
    private static final class Bits {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private long buffer;
        private int count;

        void put(int value, int n) {
            buffer |= ((long) value & ((1L << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                bytes.write((int) (buffer & 0xff));
                buffer >>>= 8;
                count -= 8;
            }
        }

        byte[] toBytes() {
            if (count > 0) {
                bytes.write((int) (buffer & 0xff));
                buffer = 0;
                count = 0;
            }
            return bytes.toByteArray();
        }
    }
}
