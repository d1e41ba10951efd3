package dev.einops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.einops.Einops;
import dev.einops.examples.FeaturePreprocessingJob;
import dev.einops.spark.SparkEinops;
import dev.einops.spark.ml.EinopsNormalizerModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The main job as a user runs it: {@code java … FeaturePreprocessingJob} in a JVM of its own, on a
 * generated dataset of a few hundred images and on a folder of untidy real files; then its outputs
 * are read back and checked against the core engine on the driver.
 */
class FeaturePreprocessingJobTest {
    private static final long TIMEOUT_SECONDS = 420;
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("einops-job-check")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.extensions", "dev.einops.spark.sql.EinopsSparkSessionExtensions")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void generatedImagesGiveFeaturesPatchesLabelMeansPreviewsAndAPipelineThatReloads() throws Exception {
        Path work = dir.resolve("work");
        String out = run(0, "--rows", "300", "--work", work.toString(), "--master", "local[2]");
        Path output = work.resolve("output");
        assertTrue(out.contains("generated dataset " + work.resolve("dataset-300x64") + ": 300 rows read, 300 used, 0 skipped"),
                out);
        assertTrue(out.contains("work directory: " + work.toAbsolutePath().normalize()), out);
        for (String stage : List.of("read images", "fit pipeline", "features", "patches", "label means",
                "save pipeline", "previews")) {
            assertTrue(out.lines().anyMatch(l -> l.matches("\\[\\d] " + stage + " \\.\\.\\.")), stage + " in\n" + out);
        }

        Dataset<Row> features = spark.read().parquet(output.resolve("features").toString());
        assertEquals("struct<origin:string,label:string,features:struct<shape:array<int>,data:array<float>>>",
                features.schema().simpleString());
        assertEquals(300, features.count());
        Dataset<Row> patches = spark.read().parquet(output.resolve("patches").toString());
        assertEquals(300 * 16, patches.count(), "a 32 x 32 pooled image is 4 x 4 patches of 8 x 8");
        assertEquals("struct<origin:string,label:string,h:int,w:int,patch:struct<shape:array<int>,data:array<float>>>",
                patches.schema().simpleString());
        Dataset<Row> means = spark.read().parquet(output.resolve("label_means").toString());
        assertEquals(4, means.count());

        // the same steps on the driver, with the core engine, from the generated images
        Dataset<Row> images = spark.read().parquet(work.resolve("dataset-300x64").toString()).orderBy("origin");
        List<Row> rows = images.collectAsList();
        INDArray all = Nd4j.create(DataType.FLOAT, rows.size(), 64, 64, 3);
        for (int i = 0; i < rows.size(); i++) {
            all.putSlice(i, rgb(rows.get(i).<Row>getAs("image").getAs("data")));
        }
        INDArray chw = Einops.rearrange(all, "b h w c -> b c h w");
        INDArray mean = Einops.reduce(chw, "b c h w -> c", "mean").castTo(DataType.DOUBLE);
        INDArray meanOfSquares = Einops.reduce(chw.mul(chw), "b c h w -> c", "mean").castTo(DataType.DOUBLE);
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.sqrt(meanOfSquares.sub(mean.mul(mean)));
        PipelineModel pipeline = PipelineModel.load(output.resolve("pipeline").toString());
        EinopsNormalizerModel normalizer = Arrays.stream(pipeline.stages())
                .filter(EinopsNormalizerModel.class::isInstance).map(EinopsNormalizerModel.class::cast).findFirst()
                .orElseThrow();
        assertArrayClose(mean.toDoubleVector(), normalizer.getMean(), 1e-5, "channel means");
        assertArrayClose(std.toDoubleVector(), normalizer.getStd(), 1e-5, "channel standard deviations");

        INDArray normalized = chw.sub(mean.castTo(DataType.FLOAT).reshape(1, 3, 1, 1))
                .div(std.castTo(DataType.FLOAT).reshape(1, 3, 1, 1));
        INDArray pooled = Einops.reduce(normalized, "b c (h 2) (w 2) -> b c h w", "max");
        INDArray want = Einops.rearrange(pooled, "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
        INDArray got = SparkEinops.toArray(features, "features", "origin");
        assertEquals(List.of(300L, 12L, 16L, 16L), Arrays.stream(got.shape()).boxed().toList());
        assertTrue(want.equalsWithEps(got, 1e-4), "features differ from the core engine's");

        List<String> labels = means.select("label").orderBy("label").collectAsList().stream().map(r -> r.getString(0))
                .toList();
        assertEquals(List.of("circle", "cross", "square", "triangle"), labels);
        INDArray meanImages = SparkEinops.toArray(means, "mean_image", "label");
        List<String> origins = images.select("label").collectAsList().stream().map(r -> r.getString(0)).toList();
        for (int l = 0; l < labels.size(); l++) {
            String label = labels.get(l);
            int[] members = java.util.stream.IntStream.range(0, origins.size()).filter(i -> origins.get(i).equals(label))
                    .toArray();
            // the mean of each label's images as they are (in [0, 1]), before normalisation
            INDArray mine = Einops.reduce(Nd4j.pullRows(chw.reshape(300, -1), 1, members).reshape(
                    members.length, 3, 64, 64), "b c h w -> c h w", "mean");
            assertTrue(mine.equalsWithEps(meanImages.slice(l), 1e-4), "mean image of " + label);
        }

        // the saved pipeline, reloaded, gives the same features
        Dataset<Row> again = pipeline.transform(images).select("origin", "features");
        assertTrue(got.equalsWithEps(SparkEinops.toArray(again, "features", "origin"), 0),
                "the reloaded pipeline gives other features");

        Map<String, int[]> sizes = Map.of("0-image", new int[] {128, 128}, "1-normalized", new int[] {128, 128},
                "2-pooled", new int[] {128, 128}, "3-space-to-depth", new int[] {128, 128},
                "4-patches", new int[] {144, 144}, "label-mean-circle", new int[] {128, 128},
                "label-means", new int[] {256, 64});
        for (Map.Entry<String, int[]> e : sizes.entrySet()) {
            File png = output.resolve("previews").resolve(e.getKey() + ".png").toFile();
            BufferedImage picture = ImageIO.read(png);
            assertTrue(picture != null, png + " is not a PNG");
            assertEquals(e.getValue()[0], picture.getWidth(), png + " width");
            assertEquals(e.getValue()[1], picture.getHeight(), png + " height");
        }
        try (Stream<Path> previews = Files.list(output.resolve("previews"))) {
            assertEquals(10, previews.count(), "5 stages, 4 label means, 1 strip of them");
        }
        // a label's mean is nearly uniform grey; its preview's contrast is stretched to black and white
        BufferedImage circle = ImageIO.read(output.resolve("previews/label-mean-circle.png").toFile());
        int darkest = 255;
        int brightest = 0;
        for (int y = 0; y < circle.getHeight(); y++) {
            for (int x = 0; x < circle.getWidth(); x++) {
                int grey = (circle.getRGB(x, y) >> 8) & 0xff;
                darkest = Math.min(darkest, grey);
                brightest = Math.max(brightest, grey);
            }
        }
        assertTrue(darkest < 10 && brightest > 245, "label-mean-circle spans " + darkest + " to " + brightest);
    }

    @Test
    void filesLeftOutAreNamedByReasonAndNoneEndsTheJob() throws Exception {
        Path input = dir.resolve("untidy");
        for (int i = 0; i < 3; i++) {
            write(input.resolve("a/ok" + i + ".png"), png(colour(40, 40, BufferedImage.TYPE_INT_RGB, 0x406080 + i)));
        }
        write(input.resolve("b/ok.png"), png(colour(40, 40, BufferedImage.TYPE_INT_RGB, 0x804020)));
        write(input.resolve("b/x.png"), new byte[0]);
        write(input.resolve("b/huge.png"), pngClaiming(26000, 26000));
        for (int i = 0; i < 12; i++) {
            write(input.resolve("b/notes" + (char) ('a' + i) + ".txt"), "not a picture\n".getBytes(StandardCharsets.UTF_8));
        }
        Path output = dir.resolve("out");
        String out = run(0, "--input", input.toString(), "--output", output.toString(), "--size", "32",
                "--work", dir.resolve("work").toString(), "--master", "local[2]");
        assertTrue(out.contains(": 18 files read, 4 used, 14 skipped"), out);
        assertTrue(out.contains("skipped 1: empty file"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("b/x.png: empty file")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("b/huge.png: too many pixels: the PNG header says 26000 x 26000"
                + " = 676000000 pixels, more than --max-pixels 50000000 (")), out);
        assertTrue(out.contains("skipped 12: not an image format ImageIO reads"), out);
        assertTrue(out.contains("notesj.txt") && !out.contains("notesk.txt"), "ten named per reason: " + out);
        assertTrue(out.contains("... and 2 more: not an image format ImageIO reads"), out);

        String strict = run(0, "--input", input.toString(), "--output", output.toString(), "--size", "32",
                "--work", dir.resolve("work").toString(), "--master", "local[2]", "--max-pixels", "2000");
        assertTrue(strict.contains(": 18 files read, 4 used, 14 skipped"), strict);
        assertTrue(strict.contains("= 676000000 pixels, more than --max-pixels 2000 ("), strict);
    }

    /** A PNG of one pixel whose header is rewritten to claim {@code width x height}: a few dozen bytes. */
    private static byte[] pngClaiming(int width, int height) throws IOException {
        byte[] png = png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
        b.putInt(16, width).putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 4 + 13);
        b.putInt(12 + 4 + 13, (int) crc.getValue());
        return png;
    }

    @Test
    void anUntidyFolderOfRealFilesIsReadLabelledAndReported() throws Exception {
        Path input = dir.resolve("photos");
        write(input.resolve("cats/rgb.png"), png(colour(120, 80, BufferedImage.TYPE_INT_RGB, 0xc08040)));
        write(input.resolve("cats/alpha.png"), png(colour(50, 70, BufferedImage.TYPE_INT_ARGB, 0x80ff0000)));
        BufferedImage grey16 = new BufferedImage(40, 40, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 40; x++) {
                grey16.getRaster().setSample(x, y, 0, 0x8000);
            }
        }
        write(input.resolve("dogs/grey16.png"), png(grey16));
        java.awt.image.IndexColorModel palette = new java.awt.image.IndexColorModel(2, 2,
                new byte[] {0, (byte) 255}, new byte[] {0, (byte) 255}, new byte[] {0, 0});
        write(input.resolve("dogs/palette.png"), png(new BufferedImage(33, 33, BufferedImage.TYPE_BYTE_BINARY, palette)));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(colour(64, 48, BufferedImage.TYPE_INT_RGB, 0x2050a0), "jpeg", jpeg);
        write(input.resolve("dogs/photo.jpg"), jpeg.toByteArray());
        write(input.resolve("dogs/truncated.jpg"), Arrays.copyOf(jpeg.toByteArray(), jpeg.size() / 3));
        write(input.resolve("dogs/notes.txt"), "not a picture\n".getBytes(StandardCharsets.UTF_8));

        Path output = dir.resolve("out");
        String out = run(0, "--input", input.toString(), "--output", output.toString(), "--size", "32",
                "--work", dir.resolve("work").toString(), "--master", "local[2]");
        assertTrue(out.contains(": 7 files read, 5 used, 2 skipped"), out);
        assertTrue(out.contains("labels: cats (2), dogs (3)"), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("skipped 1: ") && l.toLowerCase().contains("jpeg")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("skipped 1: not an image format ImageIO reads")), out);
        assertTrue(out.lines().anyMatch(l -> l.contains("truncated.jpg")) && out.lines().anyMatch(l -> l.contains("notes.txt")),
                "each file left out is named: " + out);
        assertTrue(!out.contains("drawing"), "no dataset is generated when there is input");

        Dataset<Row> features = spark.read().parquet(output.resolve("features").toString());
        assertEquals(5, features.count());
        assertEquals(List.of(5L, 12L, 8L, 8L), Arrays.stream(SparkEinops.toArray(features, "features", "origin").shape())
                .boxed().toList());
        assertEquals(2, spark.read().parquet(output.resolve("label_means").toString()).count());
        assertEquals(5 * 4, spark.read().parquet(output.resolve("patches").toString()).count());
        assertTrue(Files.exists(output.resolve("previews/label-mean-cats.png")));
    }

    @Test
    void aParquetTableOfTensorsSkipsTheImageStages() throws Exception {
        INDArray tensors = Nd4j.rand(DataType.FLOAT, 6, 3, 32, 32);
        Path table = dir.resolve("tensors");
        SparkEinops.fromArray(spark, tensors, "image", 2)
                .selectExpr("CAST(index AS STRING) AS origin", "IF(index < 2, 'a', 'b') AS label", "image")
                .write().parquet(table.toString());
        Path output = dir.resolve("out");
        String out = run(0, "--input", table.toString(), "--output", output.toString(), "--size", "32",
                "--work", dir.resolve("work").toString(), "--master", "local[2]");
        assertTrue(out.contains("Parquet table " + table + ": 6 rows read, 6 used, 0 skipped"), out);
        assertTrue(!out.contains("ImageTensorizer"), "tensors need no image stages: " + out);
        INDArray mean = Einops.reduce(tensors, "b c h w -> c", "mean").reshape(1, 3, 1, 1);
        INDArray centred = tensors.sub(mean);
        INDArray std = org.nd4j.linalg.ops.transforms.Transforms.sqrt(
                Einops.reduce(centred.mul(centred), "b c h w -> c", "mean")).reshape(1, 3, 1, 1);
        INDArray want = Einops.rearrange(Einops.reduce(centred.div(std), "b c (h 2) (w 2) -> b c h w", "max"),
                "b c (h h1) (w w1) -> b (h1 w1 c) h w", Map.of("h1", 2, "w1", 2));
        INDArray got = SparkEinops.toArray(spark.read().parquet(output.resolve("features").toString()), "features",
                "origin");
        assertTrue(want.equalsWithEps(got, 1e-3), "features differ from the core engine's");
        assertEquals(2, spark.read().parquet(output.resolve("label_means").toString()).count());
    }

    @Test
    void helpAndBadOptions() throws Exception {
        String help = run(0, "--help");
        assertTrue(help.contains("--input DIR") && help.contains("-Djob.args="), help);
        run(2, "--size", "50");
        assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("--size must be a positive multiple of 32"));
    }

    /** Runs the job's {@code main} in a new JVM, as the README's command does, and returns its stdout. */
    private String run(int exitCode, String... args) throws IOException, InterruptedException {
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx3g");
        command.addAll(Arrays.asList(System.getProperty("einops.jvm.opens", "").trim().split("\\s+")));
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FeaturePreprocessingJob.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String printed = "the job printed:\n" + out + "\nand on stderr:\n" + tail(Files.readString(stderr));
        if (!finished) {
            fail("the job did not finish within " + TIMEOUT_SECONDS + " s; " + printed);
        }
        assertEquals(exitCode, process.exitValue(), "exit code; " + printed);
        return out;
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
    }

    /** Spark's image bytes (BGR, row by row) as the {@code h w c} RGB floats in [0, 1] that ImageTensorizer makes. */
    private static INDArray rgb(byte[] bgr) {
        float[] v = new float[bgr.length];
        for (int p = 0; p < bgr.length; p += 3) {
            v[p] = (bgr[p + 2] & 0xff) / 255f;
            v[p + 1] = (bgr[p + 1] & 0xff) / 255f;
            v[p + 2] = (bgr[p] & 0xff) / 255f;
        }
        return Nd4j.create(v, new long[] {64, 64, 3}, DataType.FLOAT);
    }

    private static void assertArrayClose(double[] want, double[] got, double eps, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], eps, what + "[" + i + "]: " + Arrays.toString(want) + " vs " + Arrays.toString(got));
        }
    }

    private static BufferedImage colour(int width, int height, int type, int argb) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb);
            }
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "png", out));
        return out.toByteArray();
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
