package dev.einops.examples.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The main job's parts that need no Spark: its options, how it decodes untidy image files, its
 * previews and its stage log. (The job itself runs end to end in {@code integration-tests}.)
 */
class JobPartsTest {
    @TempDir
    Path tmp;

    @Test
    void optionsHaveDefaultsUnderOneWorkDirectory() {
        // example: JobOptions
        JobOptions options = JobOptions.parse("--rows", "500", "--size", "32");
        options.rows();        // 500
        options.output();      // einops-work/output
        // end example
        assertEquals(500, options.rows());
        assertEquals(32, options.size());
        assertEquals("einops-work/output", options.output());
        assertNull(options.input());
        assertNull(options.master());
        assertEquals("einops-work/dataset-500x32", options.generatedDataset());

        JobOptions none = JobOptions.parse();
        assertEquals(JobOptions.DEFAULT_ROWS, none.rows());
        assertEquals(JobOptions.DEFAULT_SIZE, none.size());
        assertFalse(none.help());
        // -Djob.args= with nothing (or spaces) passes one blank argument
        assertEquals(none, JobOptions.parse(""));

        JobOptions all = JobOptions.parse("--input", "in", "--output", "out/", "--work", "w/", "--master", "local[2]",
                "--help");
        assertEquals("in", all.input());
        assertEquals("out/", all.output());
        assertEquals("w/dataset-4096x64", all.generatedDataset());
        assertEquals("local[2]", all.master());
        assertTrue(all.help());
        assertEquals("hdfs://nn/work/output", JobOptions.parse("--work", "hdfs://nn/work").output());
    }

    @Test
    void badOptionsSayWhichAndWhy() {
        assertEquals("unknown option '--rowz'", bad("--rowz", "5"));
        assertEquals("--input needs a value", bad("--input"));
        assertEquals("--output needs a value", bad("--output", "--rows", "3"));
        assertEquals("--rows needs a whole number, not 'many'", bad("--rows", "many"));
        assertEquals("--rows must be at least 1, not 0", bad("--rows", "0"));
        assertTrue(bad("--size", "48").startsWith("--size must be a positive multiple of 32"), bad("--size", "48"));
        assertTrue(bad("--size", "0").endsWith("not 0"));
    }

    private static String bad(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> JobOptions.parse(args)).getMessage();
    }

    @Test
    void decodesPngOfEveryKindToEightBitRgb() throws Exception {
        byte[] pngBytes = png(rgb(100, 50, 0x3366cc));
        // example: ImageDecoder
        byte[] bgr = ImageDecoder.fit(ImageDecoder.decode(pngBytes), 64);   // 64 * 64 * 3 bytes
        // end example
        assertEquals(64 * 64 * 3, bgr.length);
        for (int p = 0; p < 64 * 64; p++) {
            assertArrayEquals(new byte[] {(byte) 0xcc, 0x66, 0x33}, Arrays.copyOfRange(bgr, 3 * p, 3 * p + 3),
                    "pixel " + p);
        }

        // 16-bit grey: scaled by its depth, not cut to its low byte
        BufferedImage grey16 = new BufferedImage(8, 4, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 0x8000);
        grey16.getRaster().setSample(1, 0, 0, 0xffff);
        BufferedImage decoded = ImageDecoder.decode(png(grey16));
        assertEquals(0x80, decoded.getRGB(0, 0) & 0xff, 1);
        assertEquals(0xffffff, decoded.getRGB(1, 0) & 0xffffff);
        assertEquals(0, decoded.getRGB(2, 0) & 0xffffff);

        // a palette
        IndexColorModel palette = new IndexColorModel(2, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0},
                new byte[] {0, (byte) 255});
        BufferedImage indexed = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_BINARY, palette);
        WritableRaster raster = indexed.getRaster();
        raster.setSample(3, 3, 0, 1);
        decoded = ImageDecoder.decode(png(indexed));
        assertEquals(0xff00ff, decoded.getRGB(3, 3) & 0xffffff);
        assertEquals(0, decoded.getRGB(0, 0) & 0xffffff);

        // alpha composited over black
        BufferedImage rgba = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgba.setRGB(0, 0, 0x00ffffff);
        rgba.setRGB(1, 0, 0xff20a040);
        decoded = ImageDecoder.decode(png(rgba));
        assertEquals(0, decoded.getRGB(0, 0) & 0xffffff);
        assertEquals(0x20a040, decoded.getRGB(1, 0) & 0xffffff);

        // JPEG too
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(rgb(40, 30, 0x808080), "jpeg", jpeg);
        decoded = ImageDecoder.decode(jpeg.toByteArray());
        assertEquals(40, decoded.getWidth());
        assertEquals(0x80, decoded.getRGB(20, 15) & 0xff, 3);
    }

    @Test
    void undecodableFilesSayWhy() throws Exception {
        assertEquals("empty file", why(new byte[0]));
        assertEquals("not an image format ImageIO reads", why("label,path\n".getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        BufferedImage noisy = rgb(64, 64, 0);
        SplittableRandom random = new SplittableRandom(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noisy.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ImageIO.write(noisy, "jpeg", jpeg);
        byte[] truncated = Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 2);
        String reason = why(truncated);
        assertTrue(reason.startsWith("JPEG data is truncated or corrupt") || reason.startsWith("the JPEG decoder failed"),
                reason);
        byte[] png = png(noisy);
        reason = why(Arrays.copyOf(png, png.length / 2));
        assertTrue(reason.startsWith("the PNG decoder failed"), reason);
    }

    private static String why(byte[] bytes) {
        return assertThrows(ImageDecoder.Undecodable.class, () -> ImageDecoder.decode(bytes)).getMessage();
    }

    @Test
    void imageStructFieldsAreBgrOrGreyOrBgra() throws Exception {
        BufferedImage bgr = ImageDecoder.fromStruct(1, 2, 3, new byte[] {1, 2, 3, 4, 5, 6}, "a.png");
        assertEquals(0x030201, bgr.getRGB(0, 0) & 0xffffff);
        assertEquals(0x060504, bgr.getRGB(1, 0) & 0xffffff);
        BufferedImage grey = ImageDecoder.fromStruct(1, 1, 1, new byte[] {(byte) 200}, "g.png");
        assertEquals(0xc8c8c8, grey.getRGB(0, 0) & 0xffffff);
        BufferedImage half = ImageDecoder.fromStruct(1, 1, 4, new byte[] {0, 0, (byte) 255, (byte) 128}, "h.png");
        assertEquals(0x800000, half.getRGB(0, 0) & 0xffffff);
        String reason = assertThrows(ImageDecoder.Undecodable.class,
                () -> ImageDecoder.fromStruct(-1, -1, -1, new byte[0], "file:/data/broken.jpg")).getMessage();
        assertEquals("not a decoded image: file:/data/broken.jpg is -1 x -1 with -1 channels and 0 bytes", reason);
    }

    @Test
    void fitScalesTheShorterSideAndCropsTheCentre() throws Exception {
        // left third red, middle third green, right third blue: the centre crop keeps green
        BufferedImage wide = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 300; x++) {
            for (int y = 0; y < 100; y++) {
                wide.setRGB(x, y, x < 100 ? 0xff0000 : x < 200 ? 0x00ff00 : 0x0000ff);
            }
        }
        byte[] bgr = ImageDecoder.fit(wide, 32);
        assertEquals(32 * 32 * 3, bgr.length);
        int centre = 3 * (16 * 32 + 16);
        assertArrayEquals(new byte[] {0, (byte) 255, 0}, Arrays.copyOfRange(bgr, centre, centre + 3));
        // a tiny image is enlarged
        assertEquals(32 * 32 * 3, ImageDecoder.fit(rgb(3, 5, 0xffffff), 32).length);
    }

    @Test
    void previewsAreEnlargedPngs() throws Exception {
        String dir = tmp.toString();
        // example: Previews
        Previews previews = new Previews(dir, new Configuration());
        previews.write("image", Nd4j.rand(DataType.FLOAT, 3, 16, 16), false);   // dir/image.png, 128 x 128
        // end example
        BufferedImage image = ImageIO.read(new File(dir, "image.png"));
        assertEquals(128, image.getWidth());
        assertEquals(128, image.getHeight());
        previews.write("wide", Nd4j.zeros(DataType.FLOAT, 1, 10, 200), true);
        assertEquals(200, ImageIO.read(new File(dir, "wide.png")).getWidth());
        assertEquals(2, previews.written().size());
        assertFalse(new File(dir, ".image.png.crc").exists(), "no checksum files beside local pictures");
    }

    @Test
    void theStageLogPrintsProgressAndASummary() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        PrintStream system = System.out;
        System.setOut(out);
        try {
            // example: StageLog
            StageLog log = new StageLog(System.out);
            log.run("features", 100, "features [12, 32, 32]", () -> 100L);
            log.printSummary();
            // end example
            assertEquals(1, log.stages().size());
        } finally {
            System.setOut(system);
        }
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("[1] features ...\n    done in "), printed);
        assertTrue(printed.contains("100 rows, features [12, 32, 32]"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("features") && l.contains("100")), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("total")), printed);
    }

    @Test
    void syntheticImagesAreTheSameOnEveryRun() {
        assertArrayEquals(SyntheticImages.row(7, 32).<Row>getAs(2).<byte[]>getAs(5),
                SyntheticImages.row(7, 32).<Row>getAs(2).<byte[]>getAs(5));
        assertFalse(Arrays.equals(SyntheticImages.row(7, 32).<Row>getAs(2).<byte[]>getAs(5),
                SyntheticImages.row(8, 32).<Row>getAs(2).<byte[]>getAs(5)));
        for (String label : SyntheticImages.LABELS) {
            assertEquals(32 * 32 * 3, SyntheticImages.draw(label, 32, new SplittableRandom(3)).length);
        }
        assertThrows(IllegalArgumentException.class, () -> SyntheticImages.draw("star", 32, new SplittableRandom(3)));
    }

    @Test
    void syntheticImagesAreSparkImageStructs() {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("synthetic-images")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            // example: SyntheticImages
            Dataset<Row> images = SyntheticImages.generate(spark, 200, 64);   // origin, label, image (Spark's image struct)
            // end example
            assertEquals(SyntheticImages.SCHEMA, images.schema());
            assertEquals(200, images.count());
            assertEquals(SyntheticImages.LABELS.size(), images.select("label").distinct().count());
            Row first = images.orderBy("origin").first().getAs("image");
            assertEquals(64, first.<Integer>getAs("height"));
            assertEquals(SyntheticImages.MODE_BGR, first.<Integer>getAs("mode"));
            assertEquals(64 * 64 * 3, first.<byte[]>getAs("data").length);
        } finally {
            spark.stop();
        }
    }

    private static BufferedImage rgb(int width, int height, int colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, colour);
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }
}
