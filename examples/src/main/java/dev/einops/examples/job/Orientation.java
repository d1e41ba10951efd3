package dev.einops.examples.job;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * How a picture's EXIF orientation tag (1 to 8) says to turn its decoded pixels so that it shows
 * upright: a phone stores a portrait photo as a landscape one with tag 6 (turn 90 degrees
 * clockwise). Read with metadata-extractor; a file without the tag, or whose metadata cannot be
 * read, is shown as stored.
 *
 * <pre>{@code
 * BufferedImage upright = Orientation.of(jpegBytes).apply(decoded);   // 4 x 8 for an 8 x 4 image with tag 6
 * }</pre>
 *
 * @param tag the EXIF orientation, 1 (as stored) to 8
 */
public record Orientation(int tag) {
    /** As stored. */
    public static final Orientation UPRIGHT = new Orientation(1);

    /** Checks the tag. */
    public Orientation {
        if (tag < 1 || tag > 8) {
            throw new IllegalArgumentException("an EXIF orientation is 1 to 8, not " + tag);
        }
    }

    /** The orientation a file's EXIF data gives, or {@link #UPRIGHT}. */
    public static Orientation of(byte[] file) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(file), file.length);
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif == null || !exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return UPRIGHT;
            }
            int tag = exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return tag >= 1 && tag <= 8 ? new Orientation(tag) : UPRIGHT;
        } catch (ImageProcessingException | IOException | MetadataException e) {
            return UPRIGHT;   // metadata the reader cannot parse says nothing about orientation
        }
    }

    /** {@code image} turned and mirrored as the tag says: a new image, or {@code image} itself for tag 1. */
    public BufferedImage apply(BufferedImage image) {
        if (tag == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = tag >= 5;
        BufferedImage out = new BufferedImage(swaps ? h : w, swaps ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                int sx;
                int sy;
                switch (tag) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                out.setRGB(x, y, image.getRGB(sx, sy));
            }
        }
        return out;
    }
}
