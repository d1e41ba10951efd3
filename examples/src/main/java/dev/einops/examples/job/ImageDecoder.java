package dev.einops.examples.job;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files of any kind ImageIO reads (PNG, JPEG, GIF, BMP, TIFF, WBMP, and WebP through
 * the TwelveMonkeys plugins: grey, RGB, RGBA, 16-bit, palette), turned as their EXIF orientation
 * says (phone photos), and brings each to one shape: scaled so its shorter side is {@code size},
 * centre-cropped to {@code size x size}, three 8-bit channels in BGR order, row by row — the data of
 * Spark's image struct ({@code mode} CV_8UC3).
 *
 * <p>Grey samples are scaled by their bit depth (Spark's {@code image} data source keeps only the
 * low byte of a 16-bit sample); transparent pixels are composited over black. A file that does not
 * decode, or decodes only with the decoder's warnings about truncated or corrupt data, is
 * {@link Undecodable} with the reason, as is one whose header gives more pixels than a limit: the
 * dimensions are read before any pixel is decoded, so a small file claiming 26000 x 26000 takes no
 * memory.
 *
 * <pre>{@code
 * byte[] bgr = ImageDecoder.fit(ImageDecoder.decode(pngBytes), 64);   // 64 * 64 * 3 bytes
 * }</pre>
 */
public final class ImageDecoder {
    /** The default most pixels of one image: 50 million (a 7071 x 7071 square, 200 MB as RGBA). */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private ImageDecoder() {
    }

    /** ImageIO's plugins, looked up again once so that those on a task's class path (WebP, TIFF) are found. */
    private static final class Plugins {
        static {
            ImageIO.scanForPlugins();
        }

        static void ensureLoaded() {
            // loading the class ran the scan
        }
    }

    /** Why a file could not be used. */
    public static final class Undecodable extends Exception {
        public Undecodable(String reason) {
            super(reason);
        }
    }

    /**
     * The image in {@code bytes} as 8-bit RGB (alpha composited over black, grey scaled by its depth).
     *
     * @throws Undecodable if no decoder recognises the data, or it is truncated or corrupt
     */
    public static BufferedImage decode(byte[] bytes) throws Undecodable {
        return decode(bytes, DEFAULT_MAX_PIXELS);
    }

    /**
     * {@link #decode(byte[])} of an image of at most {@code maxPixels} pixels, as its header says.
     *
     * @throws Undecodable for a larger image, before its pixels are decoded
     */
    public static BufferedImage decode(byte[] bytes, long maxPixels) throws Undecodable {
        if (bytes.length == 0) {
            throw new Undecodable("empty file");
        }
        Plugins.ensureLoaded();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Undecodable("not an image format ImageIO reads");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > maxPixels) {
                    throw new Undecodable("too many pixels: the " + safeFormat(reader) + " header says " + width + " x "
                            + height + " = " + width * height + " pixels, more than --max-pixels " + maxPixels);
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new Undecodable(reader.getFormatName() + " data is truncated or corrupt: " + warnings.get(0));
                }
                return Orientation.of(bytes).apply(toRgb(image));
            } catch (IOException | RuntimeException e) {
                String format = safeFormat(reader);
                throw new Undecodable("the " + format + " decoder failed: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new Undecodable("unreadable: " + e.getMessage());
        }
    }

    /**
     * The image of a Spark image struct's fields as 8-bit RGB: {@code data} is 8-bit grey, BGR or
     * BGRA, row by row (alpha composited over black).
     *
     * @throws Undecodable if the fields do not describe such an image (Spark's {@code image} data source
     *                     marks files it could not decode with a height of -1)
     */
    public static BufferedImage fromStruct(int height, int width, int channels, byte[] data, String origin)
            throws Undecodable {
        if (height <= 0 || width <= 0 || (channels != 1 && channels != 3 && channels != 4)
                || data == null || data.length != (long) height * width * channels) {
            throw new Undecodable("not a decoded image: " + origin + " is " + height + " x " + width + " with "
                    + channels + " channels and " + (data == null ? 0 : data.length) + " bytes");
        }
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int p = 0, at = 0; p < height * width; p++, at += channels) {
            int r;
            int g;
            int b;
            if (channels == 1) {
                r = g = b = data[at] & 0xff;
            } else {
                b = data[at] & 0xff;
                g = data[at + 1] & 0xff;
                r = data[at + 2] & 0xff;
                if (channels == 4) {
                    int a = data[at + 3] & 0xff;
                    r = (r * a + 127) / 255;
                    g = (g * a + 127) / 255;
                    b = (b * a + 127) / 255;
                }
            }
            rgb.setRGB(p % width, p / width, (r << 16) | (g << 8) | b);
        }
        return rgb;
    }

    /** {@code image} scaled so its shorter side is {@code size}, centre-cropped square: BGR bytes, row by row. */
    public static byte[] fit(BufferedImage image, int size) {
        BufferedImage current = image;
        double scale = (double) size / Math.min(image.getWidth(), image.getHeight());
        // halving first keeps bilinear sampling from skipping pixels when shrinking a lot
        while (scale < 0.5) {
            current = scaled(current, Math.max(1, current.getWidth() / 2), Math.max(1, current.getHeight() / 2), 0, 0,
                    Math.max(1, current.getWidth() / 2), Math.max(1, current.getHeight() / 2));
            scale = (double) size / Math.min(current.getWidth(), current.getHeight());
        }
        int width = (int) Math.round(current.getWidth() * scale);
        int height = (int) Math.round(current.getHeight() * scale);
        BufferedImage square = scaled(current, width, height, (size - width) / 2, (size - height) / 2, size, size);
        return ((DataBufferByte) square.getRaster().getDataBuffer()).getData();
    }

    /** {@code source} drawn {@code width x height} at {@code (x, y)} on a new BGR canvas. */
    private static BufferedImage scaled(BufferedImage source, int width, int height, int x, int y,
                                        int canvasWidth, int canvasHeight) {
        BufferedImage canvas = new BufferedImage(canvasWidth, canvasHeight, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, x, y, width, height, null);
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /** An 8-bit RGB copy: grey from its samples (no gamma change), colour through sRGB, alpha over black. */
    private static BufferedImage toRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        boolean alpha = image.getColorModel().hasAlpha();
        Raster raster = image.getRaster();
        int greyMax = (1 << image.getColorModel().getComponentSize(0)) - 1;
        int alphaBand = raster.getNumBands() - 1;
        int alphaMax = alpha ? (1 << image.getColorModel().getComponentSize(alphaBand)) - 1 : 1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r;
                int g;
                int b;
                int a;
                if (grey) {
                    r = g = b = (int) ((raster.getSample(x, y, 0) * 255L + greyMax / 2) / greyMax);
                    a = alpha ? (int) ((raster.getSample(x, y, alphaBand) * 255L + alphaMax / 2) / alphaMax) : 255;
                } else {
                    int argb = image.getRGB(x, y);
                    a = alpha ? argb >>> 24 : 255;
                    r = (argb >> 16) & 0xff;
                    g = (argb >> 8) & 0xff;
                    b = argb & 0xff;
                }
                if (a != 255) {
                    r = (r * a + 127) / 255;
                    g = (g * a + 127) / 255;
                    b = (b * a + 127) / 255;
                }
                rgb.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return rgb;
    }

    private static String safeFormat(ImageReader reader) {
        try {
            return reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            return "image";
        }
    }
}
