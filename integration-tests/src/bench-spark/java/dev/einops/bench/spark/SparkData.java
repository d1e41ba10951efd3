package dev.einops.bench.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;

import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.spark.tensor.TensorEncoding;
import dev.einops.types.ElementType;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's images, generated on the executors: {@code index} (bigint), {@code label}
 * ({@code index % 10}), {@code clip} ({@code index / 16}) and {@code image}, a float tensor of
 * shape {@code [c, h, w]} in one encoding, with the shape in the column's metadata as einops writes it.
 */
final class SparkData {
    /** How the image column is held: a tensor encoding of einops, a Spark ML Vector, or Spark's image struct. */
    enum Form { NESTED, STRUCT, FLAT, VECTOR, IMAGE_STRUCT }

    private SparkData() {
    }

    /**
     * {@code rows} images of shape {@code shape} in {@code partitions} partitions. With {@code random}
     * every value is drawn (seeded by the row's index); without, each row is a copy of one drawn image
     * with its index in the first value (cheap, for sources generated inside a timed job).
     */
    static Dataset<Row> images(SparkSession spark, long rows, int partitions, long[] shape, Form form, boolean random) {
        int c = (int) shape[0];
        int h = (int) shape[1];
        int w = (int) shape[2];
        Dataset<Row> samples = spark.range(0, rows, 1, partitions)
                .map(generator(c, h, w, form, random), Encoders.bean(Sample.class)).toDF();
        Column image = switch (form) {
            case FLAT -> col("flat").as("image", type(TensorEncoding.FLAT, shape).metadata());
            case STRUCT -> struct(array(lit(c), lit(h), lit(w)).as(TensorColumnType.SHAPE_FIELD),
                    col("flat").as(TensorColumnType.DATA_FIELD)).as("image", type(TensorEncoding.STRUCT, shape).metadata());
            case NESTED -> col("nested").as("image", type(TensorEncoding.NESTED, shape).metadata());
            case VECTOR -> org.apache.spark.ml.functions.array_to_vector(col("flat")).as("image");
            case IMAGE_STRUCT -> struct(lit("generated").as("origin"), lit(h).as("height"), lit(w).as("width"),
                    lit(c).as("nChannels"), lit(16).as("mode"), col("bgr").as("data")).as("image");
        };
        return samples.select(col("index"), col("index").mod(10).cast("int").as("label"),
                floor(col("index").divide(16)).as("clip"), image);
    }

    static TensorColumnType type(TensorEncoding encoding, long[] shape) {
        return TensorColumnType.of(encoding, ElementType.FLOAT32, shape);
    }

    private static MapFunction<Long, Sample> generator(int c, int h, int w, Form form, boolean random) {
        float[] template = values(new SplittableRandom(42), c * h * w);
        return index -> {
            float[] values = random ? values(new SplittableRandom(index), c * h * w) : template.clone();
            values[0] = index;
            Sample s = new Sample();
            s.setIndex(index);
            switch (form) {
                case FLAT, STRUCT, VECTOR -> s.setFlat(values);
                case NESTED -> s.setNested(nest(values, c, h, w));
                case IMAGE_STRUCT -> {
                    byte[] bgr = new byte[values.length];
                    for (int i = 0; i < bgr.length; i++) {
                        bgr[i] = (byte) (values[i] * 255);
                    }
                    s.setBgr(bgr);
                }
            }
            return s;
        };
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }

    private static float[][][] nest(float[] values, int c, int h, int w) {
        float[][][] out = new float[c][h][w];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < h; j++) {
                System.arraycopy(values, (i * h + j) * w, out[i][j], 0, w);
            }
        }
        return out;
    }
}
