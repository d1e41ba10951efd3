package dev.einops.examples.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The decoder's limits and the formats real folders hold: a header that claims too many pixels is
 * refused before anything is decoded, WebP and TIFF files are read, and JPEGs are turned upright
 * as their EXIF orientation says.
 */
class ImageDecoderLimitsTest {
    /** A PNG of 1 x 1 pixel whose header is rewritten to claim {@code width x height}: a few dozen bytes. */
    private static byte[] pngClaiming(int width, int height) throws IOException {
        byte[] png = png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        ByteBuffer b = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
        // signature (8), IHDR length (4), "IHDR" (4), then width and height; the CRC covers type and data
        b.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 4 + 13);
        b.putInt(12 + 4 + 13, (int) crc.getValue());
        return png;
    }

    @Test
    void aHeaderClaimingTooManyPixelsIsRefusedBeforeDecoding() throws Exception {
        byte[] huge = pngClaiming(26000, 26000);
        ImageDecoder.Undecodable e = assertThrows(ImageDecoder.Undecodable.class, () -> ImageDecoder.decode(huge));
        assertEquals("too many pixels: the PNG header says 26000 x 26000 = 676000000 pixels, more than --max-pixels "
                + "50000000", e.getMessage());
        assertThrows(ImageDecoder.Undecodable.class, () -> ImageDecoder.decode(pngClaiming(100, 100), 9_999));
        assertEquals(100, ImageDecoder.decode(png(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB)), 10_000)
                .getWidth());
    }

    @Test
    void webpFilesAreRead() throws Exception {
        BufferedImage image = ImageDecoder.decode(OneColourWebp.bytes(5, 3, 0x20, 0x80, 0xe0));
        assertEquals(5, image.getWidth());
        assertEquals(3, image.getHeight());
        assertEquals(0x2080e0, image.getRGB(4, 2) & 0xffffff);
    }

    @Test
    void tiffFilesAreRead() throws Exception {
        BufferedImage source = halves(6, 4);
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(source, "tiff", tiff), "a TIFF writer");
        BufferedImage image = ImageDecoder.decode(tiff.toByteArray());
        assertEquals(0xff0000, image.getRGB(0, 0) & 0xffffff);
        assertEquals(0x0000ff, image.getRGB(5, 3) & 0xffffff);
    }

    @Test
    void aJpegIsTurnedAsItsExifOrientationSays() throws Exception {
        byte[] stored = jpeg(halves(16, 8));   // left red, right blue, 16 wide and 8 high
        BufferedImage asStored = ImageDecoder.decode(stored);
        assertEquals(16, asStored.getWidth());
        // tag 6: turn 90 degrees clockwise: 8 wide, 16 high, the red half on top
        BufferedImage upright = ImageDecoder.decode(withOrientation(stored, 6));
        assertEquals(8, upright.getWidth());
        assertEquals(16, upright.getHeight());
        assertReddish(upright.getRGB(4, 2));
        assertBluish(upright.getRGB(4, 13));
        // tag 8: turn 90 degrees anticlockwise: the red half below
        BufferedImage other = ImageDecoder.decode(withOrientation(stored, 8));
        assertBluish(other.getRGB(4, 2));
        assertReddish(other.getRGB(4, 13));
        // tag 3: half a turn: red on the right
        BufferedImage turned = ImageDecoder.decode(withOrientation(stored, 3));
        assertEquals(16, turned.getWidth());
        assertReddish(turned.getRGB(13, 4));
    }

    @Test
    void orientation() throws Exception {
        byte[] jpegBytes = withOrientation(jpeg(halves(8, 4)), 6);
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(jpegBytes));
        // example: Orientation
        BufferedImage upright = Orientation.of(jpegBytes).apply(decoded);   // 4 x 8 for an 8 x 4 image with tag 6
        // end example
        assertEquals(4, upright.getWidth());
        assertEquals(8, upright.getHeight());
        assertEquals(new Orientation(6), Orientation.of(jpegBytes));
        assertEquals(Orientation.UPRIGHT, Orientation.of(jpeg(halves(8, 4))));
        assertEquals(Orientation.UPRIGHT, Orientation.of(new byte[] {1, 2, 3}), "unparsable metadata: as stored");
    }

    @Test
    void everyOrientationMapsPixelsAsTheExifStandardSays() {
        BufferedImage source = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        // pixel values name their place: 0x0yx
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                source.setRGB(x, y, y * 16 + x);
            }
        }
        // where the stored top-left pixel (0x00) lands, per tag
        int[][] topLeftLandsAt = {{0, 0}, {2, 0}, {2, 1}, {0, 1}, {0, 0}, {1, 0}, {1, 2}, {0, 2}};
        for (int tag = 1; tag <= 8; tag++) {
            BufferedImage out = new Orientation(tag).apply(source);
            int[] at = topLeftLandsAt[tag - 1];
            assertEquals(0, out.getRGB(at[0], at[1]) & 0xffffff, "tag " + tag);
            assertEquals(tag >= 5 ? 2 : 3, out.getWidth(), "tag " + tag);
        }
    }

    private static void assertReddish(int rgb) {
        assertTrue(((rgb >> 16) & 0xff) > 200 && (rgb & 0xff) < 60, Integer.toHexString(rgb));
    }

    private static void assertBluish(int rgb) {
        assertTrue(((rgb >> 16) & 0xff) < 60 && (rgb & 0xff) > 200, Integer.toHexString(rgb));
    }

    private static BufferedImage halves(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x < width / 2 ? 0xff0000 : 0x0000ff);
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /** {@code jpeg} with an EXIF segment right after its start marker giving orientation {@code tag}. */
    private static byte[] withOrientation(byte[] jpeg, int tag) {
        ByteBuffer tiff = ByteBuffer.allocate(26).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);      // header, IFD0 at 8
        tiff.putShort((short) 1);                                                  // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);               // Orientation, SHORT, 1 value
        tiff.putShort((short) tag).putShort((short) 0);                            // the value, padded
        tiff.putInt(0);                                                            // no next IFD
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);                                                      // SOI
        out.write(0xff);
        out.write(0xe1);                                                            // APP1
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xff);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
