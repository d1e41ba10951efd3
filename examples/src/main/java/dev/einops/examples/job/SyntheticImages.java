package dev.einops.examples.job;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A reproducible labelled image dataset: each row a {@code size x size} RGB picture of one shape
 * (its label: circle, square, triangle or cross) in a random colour, place and size, on a random
 * gradient, with noise. Row {@code i} is the same picture on every run and every machine; rows are
 * drawn on the executors, in parallel.
 *
 * <pre>{@code
 * Dataset<Row> images = SyntheticImages.generate(spark, 200, 64);   // origin, label, image (Spark's image struct)
 * }</pre>
 */
public final class SyntheticImages {
    /** The labels, one per kind of shape. */
    public static final List<String> LABELS = List.of("circle", "square", "triangle", "cross");
    /** The schema of the generated rows: the origin, the label and Spark's image struct. */
    public static final StructType SCHEMA = DataTypes.createStructType(List.of(
            DataTypes.createStructField("origin", DataTypes.StringType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("image", ImageSchema.columnSchema(), false)));
    private static final long SEED = 0x5eed_e1_0b5L;
    /** OpenCV's CV_8UC3, as Spark's image struct records 8-bit BGR. */
    public static final int MODE_BGR = 16;

    private SyntheticImages() {
    }

    /** {@code rows} pictures of {@code size x size} as a DataFrame, drawn lazily on the executors. */
    public static Dataset<Row> generate(SparkSession spark, int rows, int size) {
        int partitions = Math.max(1, Math.min(rows / 256, spark.sparkContext().defaultParallelism() * 4));
        return spark.range(0, rows, 1, partitions)
                .mapPartitions((org.apache.spark.api.java.function.MapPartitionsFunction<Long, Row>) ids -> {
                    java.util.List<Row> drawn = new java.util.ArrayList<>();
                    ids.forEachRemaining(id -> drawn.add(row(id, size)));
                    return drawn.iterator();
                }, Encoders.row(SCHEMA));
    }

    /** Generates {@code rows} pictures into a Parquet table at {@code path}, replacing what is there. */
    public static void write(SparkSession spark, int rows, int size, String path) {
        generate(spark, rows, size).write().mode(SaveMode.Overwrite).parquet(path);
    }

    /** Row {@code id}: its origin, label and image struct. */
    static Row row(long id, int size) {
        SplittableRandom random = new SplittableRandom(SEED ^ (id * 0x9E3779B97F4A7C15L));
        String label = LABELS.get(random.nextInt(LABELS.size()));
        byte[] bgr = draw(label, size, random);
        return RowFactory.create("generated:" + label + "/" + id + ".png", label,
                RowFactory.create("generated:" + id, size, size, 3, MODE_BGR, bgr));
    }

    /** One picture of {@code label}: BGR bytes, row by row. */
    static byte[] draw(String label, int size, SplittableRandom random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, colour(random, 0, 120), size, size, colour(random, 0, 160)));
            g.fillRect(0, 0, size, size);
            g.setColor(colour(random, 90, 256));
            int extent = size / 3 + random.nextInt(size / 3);
            int x = random.nextInt(size - extent + 1);
            int y = random.nextInt(size - extent + 1);
            switch (label) {
                case "circle" -> g.fillOval(x, y, extent, extent);
                case "square" -> g.fillRect(x, y, extent, extent);
                case "triangle" -> g.fillPolygon(new Polygon(new int[] {x, x + extent / 2, x + extent},
                        new int[] {y + extent, y, y + extent}, 3));
                case "cross" -> {
                    g.setStroke(new BasicStroke(Math.max(2, extent / 5f)));
                    g.drawLine(x, y, x + extent, y + extent);
                    g.drawLine(x + extent, y, x, y + extent);
                }
                default -> throw new IllegalArgumentException("no shape is called " + label);
            }
        } finally {
            g.dispose();
        }
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            int noisy = (data[i] & 0xff) + (int) Math.round(random.nextDouble(-1, 1) * random.nextDouble(0, 12));
            data[i] = (byte) Math.max(0, Math.min(255, noisy));
        }
        return data;
    }

    private static Color colour(SplittableRandom random, int from, int to) {
        return new Color(random.nextInt(from, to), random.nextInt(from, to), random.nextInt(from, to));
    }
}
