package dev.einops.bench.spark;

import dev.einops.Einops;
import dev.einops.spark.tensor.TensorEncoding;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.collection.Seq;

/**
 * What a Spark user writes today without einops-spark, to compare with: a per-row UDF through ND4J,
 * and a hand-written {@code treeAggregate} over {@code InternalRow}s.
 */
final class Peers {
    private Peers() {
    }

    /** One row's transform in the core: a row pattern ({@code c h w -> h w c}), its reduction or null, and its lengths. */
    record RowOp(String pattern, String reduction, Map<String, Integer> lengths) implements java.io.Serializable {
        INDArray apply(INDArray x) {
            return reduction == null ? Einops.rearrange(x, pattern, lengths) : Einops.reduce(x, pattern, reduction, lengths);
        }
    }

    /**
     * The per-row UDF users write today: each row's value (boxed, as Spark hands it to a UDF) copied
     * into an ND4J array, transformed, and copied back out in the same encoding.
     */
    static UserDefinedFunction nd4jUdf(TensorEncoding encoding, long[] inShape, RowOp op, long[] outShape) {
        UDF1<Object, Object> f = value -> {
            float[] in = switch (encoding) {
                case FLAT -> floats((Seq<?>) value, (int) inShape[0] * (int) inShape[1] * (int) inShape[2]);
                case STRUCT -> floats((Seq<?>) ((Row) value).get(1), (int) (inShape[0] * inShape[1] * inShape[2]));
                case NESTED -> nestedFloats((Seq<?>) value, inShape);
                case VECTOR -> throw new IllegalArgumentException("no UDF peer over vectors");
            };
            INDArray out = op.apply(Nd4j.create(in, inShape, 'c'));
            float[] values = out.dup('c').data().asFloat();
            return switch (encoding) {
                case FLAT -> values;
                case STRUCT -> RowFactory.create(new int[] {(int) outShape[0], (int) outShape[1], (int) outShape[2]}, values);
                case NESTED -> nest(values, outShape);
                case VECTOR -> throw new IllegalArgumentException("no UDF peer over vectors");
            };
        };
        return functions.udf(f, SparkData.type(encoding, outShape).sparkType());
    }

    private static float[] floats(Seq<?> seq, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (Float) seq.apply(i);
        }
        return out;
    }

    private static float[] nestedFloats(Seq<?> value, long[] shape) {
        int h = (int) shape[1];
        int w = (int) shape[2];
        float[] out = new float[(int) (shape[0] * h * w)];
        for (int i = 0; i < shape[0]; i++) {
            Seq<?> plane = (Seq<?>) value.apply(i);
            for (int j = 0; j < h; j++) {
                Seq<?> line = (Seq<?>) plane.apply(j);
                for (int k = 0; k < w; k++) {
                    out[(i * h + j) * w + k] = (Float) line.apply(k);
                }
            }
        }
        return out;
    }

    private static Object[] nest(float[] values, long[] shape) {
        int h = (int) shape[1];
        int w = (int) shape[2];
        Object[] out = new Object[(int) shape[0]];
        for (int i = 0; i < shape[0]; i++) {
            float[][] plane = new float[h][w];
            for (int j = 0; j < h; j++) {
                System.arraycopy(values, (i * h + j) * w, plane[j], 0, w);
            }
            out[i] = plane;
        }
        return out;
    }

    /**
     * The mean across rows of the column {@code image} (one tensor of {@code length} floats a row),
     * summed by a hand-written {@code treeAggregate} over the primitive arrays of the
     * {@code InternalRow}s Spark produces, with no boxing and no conversion to {@code Row}.
     */
    static double[] treeAggregateMean(Dataset<Row> df, TensorEncoding encoding, int length) {
        Dataset<Row> one = df.select("image");
        var rows = ((org.apache.spark.sql.classic.Dataset<Row>) one).queryExecution().toRdd().toJavaRDD();
        Function2<double[], InternalRow, double[]> add = (acc, row) -> {
            switch (encoding) {
                case FLAT -> addFlat(acc, row.getArray(0), 0);
                case STRUCT -> addFlat(acc, row.getStruct(0, 2).getArray(1), 0);
                case NESTED -> {
                    ArrayData planes = row.getArray(0);
                    int at = 0;
                    for (int i = 0; i < planes.numElements(); i++) {
                        ArrayData lines = planes.getArray(i);
                        for (int j = 0; j < lines.numElements(); j++) {
                            at = addFlat(acc, lines.getArray(j), at);
                        }
                    }
                }
                case VECTOR -> throw new IllegalArgumentException("Summarizer is the peer over vectors");
            }
            acc[acc.length - 1]++;
            return acc;
        };
        Function2<double[], double[], double[]> merge = (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        };
        double[] sums = rows.treeAggregate(new double[length + 1], add, merge, 2);
        double count = sums[length];
        double[] mean = new double[length];
        for (int i = 0; i < length; i++) {
            mean[i] = sums[i] / count;
        }
        return mean;
    }

    private static int addFlat(double[] acc, ArrayData values, int at) {
        int n = values.numElements();
        for (int i = 0; i < n; i++) {
            acc[at + i] += values.getFloat(i);
        }
        return at + n;
    }
}
