package dev.einops.examples.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.einops.spark.SparkEinops;
import dev.einops.spark.arrow.ArrowIpcFiles;
import dev.einops.spark.tensor.TensorColumnType;
import dev.einops.types.EinopsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The main job's images, whatever they come from: a generated dataset, a folder of image files
 * (sub-folders are labels, as image-folder datasets have them; a flat folder is one label), or a
 * Parquet table with Spark's image struct or a tensor column named {@code image} (Arrow's canonical
 * tensor types included: pyarrow's {@code fixed_shape_tensor}, channels first or last). Images are brought
 * to {@code size x size}, three channels ({@link ImageDecoder}); files that do not decode are counted
 * with their reason and left out.
 *
 * @param images      {@code origin, label} and either {@code image} (Spark's image struct, BGR) or
 *                    {@code tensor} ({@code c h w}), cached
 * @param tensors     whether the rows hold tensors ({@code tensor}) rather than image structs
 * @param description where the images came from, for the job's report
 * @param files       how many files (or table rows) were read
 * @param used        how many became rows of {@code images}
 * @param skipped     how many files were left out, by reason
 * @param examples    a few files left out, each with its reason
 * @param cached      the cached rows {@code images} is read from, released by {@link #close()}
 */
public record JobInput(Dataset<Row> images, boolean tensors, String description, long files, long used,
                       Map<String, Long> skipped, List<String> examples, Dataset<Row> cached) implements AutoCloseable {
    static final StructType DECODED = DataTypes.createStructType(List.of(
            DataTypes.createStructField("origin", DataTypes.StringType, false),
            DataTypes.createStructField("label", DataTypes.StringType, false),
            DataTypes.createStructField("image", ImageSchema.columnSchema(), true),
            DataTypes.createStructField("skipped", DataTypes.StringType, true)));
    /** The most files named per reason in the report; the rest are counted. */
    private static final int EXAMPLES = 10;
    /** What follows the reason in a left-out file's line: the details after a colon, the file's size. */
    private static final String DETAILS = "(: .*| \\([0-9]+ bytes\\))$";

    /** The images the options name: a generated dataset (written once, then reused), a folder or a table. */
    public static JobInput load(SparkSession spark, JobOptions options, java.io.PrintStream out) {
        if (options.input() == null) {
            String path = options.generatedDataset();
            if (exists(spark, path + "/_SUCCESS")) {
                out.println("  reusing the generated dataset " + path);
            } else {
                out.println("  drawing " + options.rows() + " labelled images of " + options.size() + "x"
                        + options.size() + " into " + path);
                SyntheticImages.write(spark, options.rows(), options.size(), path);
            }
            return fromTable(spark, path, options.size(), options.maxPixels(), "generated dataset " + path);
        }
        if (ArrowIpcFiles.isArrowFile(options.input())) {
            return fromTable(spark, options.input(), options.size(), options.maxPixels(),
                    "Arrow file " + options.input());
        }
        if (isParquet(spark, options.input())) {
            return fromTable(spark, options.input(), options.size(), options.maxPixels(),
                    "Parquet table " + options.input());
        }
        return fromFolder(spark, options.input(), options.size(), options.maxPixels());
    }

    /**
     * Image files under {@code dir}, decoded on the executors, each brought to {@code size x size}, into
     * the same image struct Spark's {@code image} data source gives. The files are read as binary and
     * decoded here rather than by that source, which keeps only the low byte of 16-bit samples and
     * marks a file it cannot decode without saying why.
     */
    public static JobInput fromFolder(SparkSession spark, String dir, int size, long maxPixels) {
        FileSystem fs = fileSystem(spark, dir);
        String root = fs.makeQualified(new Path(dir)).toString();
        String flatLabel = new Path(root).getName();
        // listed here rather than by Spark's reader, which passes over empty files and fails the whole
        // job on one it may not read: both are left out by name instead
        List<String> readable = new ArrayList<>();
        List<Row> leftOut = new ArrayList<>();
        for (FileStatus file : listFiles(fs, new Path(root))) {
            String path = file.getPath().toString();
            String reason = file.getLen() == 0 ? "empty file" : unreadable(file);
            if (reason == null) {
                readable.add(path);
            } else {
                leftOut.add(RowFactory.create(path, labelOf(path, root, flatLabel), null, reason));
            }
        }
        Dataset<Row> skipped = spark.createDataFrame(leftOut, DECODED);
        if (readable.isEmpty()) {
            return counted(skipped.persist(StorageLevel.MEMORY_AND_DISK()), "folder " + dir, dir);
        }
        Dataset<Row> files = spark.read().format("binaryFile").load(readable.toArray(String[]::new))
                .select("path", "content");
        Dataset<Row> decoded = files.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            List<Row> out = new ArrayList<>();
            rows.forEachRemaining(r -> out.add(decodeFile(r.getString(0), (byte[]) r.get(1), root, flatLabel, size,
                    maxPixels)));
            return out.iterator();
        }, Encoders.row(DECODED)).union(skipped).persist(StorageLevel.MEMORY_AND_DISK());
        return counted(decoded, "folder " + dir, dir);
    }

    /** Every file under {@code dir}, in sub-folders too, but for those Spark's readers pass over ({@code .x}, {@code _x}). */
    private static List<FileStatus> listFiles(FileSystem fs, Path dir) {
        try {
            List<FileStatus> files = new ArrayList<>();
            org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(dir, true);
            while (it.hasNext()) {
                FileStatus file = it.next();
                String name = file.getPath().getName();
                if (!name.startsWith(".") && !name.startsWith("_")) {
                    files.add(file);
                }
            }
            files.sort(java.util.Comparator.comparing(f -> f.getPath().toString()));
            return files;
        } catch (java.io.FileNotFoundException e) {
            throw new EinopsException("--input " + dir + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why a local file cannot be read ({@code unreadable: permission denied}), or null. */
    private static String unreadable(FileStatus file) {
        java.net.URI uri = file.getPath().toUri();
        if (uri.getScheme() != null && !uri.getScheme().equals("file")) {
            return null;   // other file systems say so when the file is read
        }
        return java.nio.file.Files.isReadable(java.nio.file.Path.of(uri.getPath())) ? null
                : "unreadable: permission denied";
    }

    /**
     * A Parquet table or Arrow IPC file ({@code .arrow}, {@code .feather}) with an {@code image} column: Spark's image struct (as the {@code image} data
     * source reads it; resized here when its images are not {@code size x size}) or a tensor column of
     * three axes, {@code size x size} and a channel axis ({@link #channelsFirst}). {@code label} and {@code origin} are used when present.
     */
    public static JobInput fromTable(SparkSession spark, String path, int size, long maxPixels, String description) {
        Dataset<Row> table = SparkEinops.readTensors(spark, path);
        StructType schema = table.schema();
        if (!Arrays.asList(schema.fieldNames()).contains("image")) {
            throw new EinopsException("the table " + path + " has no column 'image' (Spark's image struct or a tensor"
                    + " column c h w); its columns: " + schema.simpleString());
        }
        Dataset<Row> labelled = table
                .withColumn("label", Arrays.asList(schema.fieldNames()).contains("label")
                        ? col("label").cast("string") : lit(new Path(path).getName()))
                .withColumn("origin", Arrays.asList(schema.fieldNames()).contains("origin") ? col("origin").cast("string")
                        : org.apache.spark.sql.functions.concat(lit(path + "#"),
                                org.apache.spark.sql.functions.monotonically_increasing_id().cast("string")));
        StructField image = schema.apply("image");
        if (!isImageStruct(image)) {
            Dataset<Row> images = channelsFirst(labelled, image, size, path)
                    .select(col("origin"), col("label"), col("image").as("tensor")).persist(StorageLevel.MEMORY_AND_DISK());
            long rows = images.count();
            return new JobInput(images, true, description, rows, rows, Map.of(), List.of(), images);
        }
        Dataset<Row> decoded = labelled.select("origin", "label", "image")
                .mapPartitions((MapPartitionsFunction<Row, Row>) in -> {
                    List<Row> out = new ArrayList<>();
                    in.forEachRemaining(r -> out.add(resized(r, size, maxPixels)));
                    return out.iterator();
                }, Encoders.row(DECODED)).persist(StorageLevel.MEMORY_AND_DISK());
        return counted(decoded, description, "the table " + path);
    }

    /**
     * The tensor column {@code image} as {@code c h w} of {@code size x size}: its channel axis is the
     * one its {@code dim_names} call a channel, or else the one axis of length 1, 3 or 4 beside two
     * of length {@code size}; a channels-last column is rearranged. The names are dropped, since the
     * job's own patterns name the axes from here on.
     */
    static Dataset<Row> channelsFirst(Dataset<Row> table, StructField image, int size, String path) {
        TensorColumnType type = TensorColumnType.of(image.dataType(), image.metadata());
        long[] shape = type.shape();
        int channel = shape == null || shape.length != 3 ? -1 : channelAxis(type, size);
        if (channel < 0 || othersNotOfSize(shape, channel, size)) {
            throw new EinopsException("the table " + path + "'s column 'image' holds tensors of shape "
                    + (shape == null ? "unknown" : Arrays.toString(shape))
                    + (type.dimNames().isEmpty() ? "" : " named " + type.dimNames()) + ", not three axes: a channel "
                    + "axis (named c or channel, or of length 1, 3 or 4) and h = w = " + size + " (--size)");
        }
        Dataset<Row> chw = channel == 0 ? table : SparkEinops.rearrange(table, "image",
                channel == 1 ? "b a0 a1 a2 -> b a1 a0 a2" : "b a0 a1 a2 -> b a2 a0 a1");
        StructField field = chw.schema().apply("image");
        Metadata unnamed = TensorColumnType.of(field.dataType(), field.metadata()).withDimNames(List.of()).metadata();
        return chw.withMetadata("image", unnamed);
    }

    private static final List<String> CHANNEL_NAMES = List.of("c", "ch", "channel", "channels", "band", "bands");

    private static int channelAxis(TensorColumnType type, int size) {
        List<String> names = type.dimNames();
        for (int i = 0; i < names.size(); i++) {
            if (CHANNEL_NAMES.contains(names.get(i).toLowerCase(java.util.Locale.ROOT))) {
                return i;
            }
        }
        long[] shape = type.shape();
        int found = -1;
        for (int i = 0; i < 3; i++) {
            if ((shape[i] == 1 || shape[i] == 3 || shape[i] == 4) && !othersNotOfSize(shape, i, size)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    /** Whether an axis other than {@code channel} has a known length other than {@code size}. */
    private static boolean othersNotOfSize(long[] shape, int channel, int size) {
        for (int i = 0; i < 3; i++) {
            if (i != channel && shape[i] != size && shape[i] >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The usable rows of {@code decoded}, with the count of those left out by reason. */
    private static JobInput counted(Dataset<Row> decoded, String description, String source) {
        Map<String, Long> skipped = new LinkedHashMap<>();
        long total = 0;
        for (Row r : decoded.groupBy(col("skipped").isNotNull().as("bad"),
                org.apache.spark.sql.functions.regexp_replace(col("skipped"), DETAILS, "").as("reason"))
                .count().orderBy("reason").collectAsList()) {
            total += r.getLong(2);
            if (r.getBoolean(0)) {
                skipped.put(r.getString(1), r.getLong(2));
            }
        }
        long bad = skipped.values().stream().mapToLong(Long::longValue).sum();
        if (total == bad) {
            decoded.unpersist();
            throw new EinopsException("no image in " + source + " could be used: "
                    + (total == 0 ? "it holds none" : total + " left out, " + skipped));
        }
        org.apache.spark.sql.Column reason = org.apache.spark.sql.functions.regexp_replace(col("skipped"), DETAILS, "");
        List<String> examples = new ArrayList<>();
        String last = null;
        for (Row r : decoded.filter(col("skipped").isNotNull())
                .withColumn("reason", reason)
                .withColumn("n", org.apache.spark.sql.functions.row_number().over(
                        org.apache.spark.sql.expressions.Window.partitionBy("reason").orderBy("origin")))
                .filter(col("n").leq(EXAMPLES)).orderBy("reason", "origin").collectAsList()) {
            String why = r.getAs("reason");
            if (last != null && !last.equals(why) && skipped.get(last) > EXAMPLES) {
                examples.add("... and " + (skipped.get(last) - EXAMPLES) + " more: " + last);
            }
            examples.add(r.<String>getAs("origin") + ": " + r.<String>getAs("skipped"));
            last = why;
        }
        if (last != null && skipped.get(last) > EXAMPLES) {
            examples.add("... and " + (skipped.get(last) - EXAMPLES) + " more: " + last);
        }
        Dataset<Row> images = decoded.filter(col("skipped").isNull()).select("origin", "label", "image");
        return new JobInput(images, false, description, total, total - bad, skipped, examples, decoded);
    }

    /** Releases the cached rows. */
    @Override
    public void close() {
        cached.unpersist();
    }

    /** A file's row: its origin, its label (its top sub-folder under {@code root}) and its image, or why it has none. */
    static Row decodeFile(String path, byte[] content, String root, String flatLabel, int size, long maxPixels) {
        String label = labelOf(path, root, flatLabel);
        try {
            byte[] bgr = ImageDecoder.fit(ImageDecoder.decode(content, maxPixels), size);
            return RowFactory.create(path, label, RowFactory.create(path, size, size, 3, SyntheticImages.MODE_BGR, bgr),
                    null);
        } catch (ImageDecoder.Undecodable e) {
            String reason = e.getMessage();
            return RowFactory.create(path, label, null, reason + " (" + content.length + " bytes)");
        }
    }

    /** A file's label: its top sub-folder under {@code root}, or {@code flatLabel} for a file in root itself. */
    static String labelOf(String path, String root, String flatLabel) {
        String relative = path.startsWith(root + "/") ? path.substring(root.length() + 1) : new Path(path).getName();
        int slash = relative.indexOf('/');
        return slash < 0 ? flatLabel : relative.substring(0, slash);
    }

    /** An image-struct row with its image brought to {@code size x size}, three channels, or why it cannot be. */
    static Row resized(Row row, int size, long maxPixels) {
        Row image = row.getStruct(2);
        if (image == null) {
            return RowFactory.create(row.get(0), row.get(1), null, "no image: the image struct is null");
        }
        int height = image.getInt(1);
        int width = image.getInt(2);
        int channels = image.getInt(3);
        byte[] data = (byte[]) image.get(5);
        if (height == size && width == size && channels == 3 && data != null && data.length == size * size * 3) {
            return RowFactory.create(row.get(0), row.get(1), image, null);
        }
        if ((long) height * width > maxPixels) {
            return RowFactory.create(row.get(0), row.get(1), null, "too many pixels: the image struct is " + height
                    + " x " + width + ", more than --max-pixels " + maxPixels);
        }
        try {
            byte[] bgr = ImageDecoder.fit(ImageDecoder.fromStruct(height, width, channels, data, row.getString(0)), size);
            return RowFactory.create(row.get(0), row.get(1),
                    RowFactory.create(image.get(0), size, size, 3, SyntheticImages.MODE_BGR, bgr), null);
        } catch (ImageDecoder.Undecodable e) {
            return RowFactory.create(row.get(0), row.get(1), null, e.getMessage());
        }
    }

    private static boolean isImageStruct(StructField field) {
        return field.dataType() instanceof StructType s
                && Arrays.asList(s.fieldNames()).containsAll(List.of("height", "width", "nChannels", "data"));
    }

    private static boolean isParquet(SparkSession spark, String path) {
        FileSystem fs = fileSystem(spark, path);
        try {
            Path p = new Path(path);
            if (fs.getFileStatus(p).isFile()) {
                return path.endsWith(".parquet");
            }
            for (FileStatus child : fs.listStatus(p)) {
                String name = child.getPath().getName();
                if (child.isFile() && (name.endsWith(".parquet") || name.equals("_SUCCESS"))) {
                    return true;
                }
            }
            return false;
        } catch (java.io.FileNotFoundException e) {
            throw new EinopsException("--input " + path + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(SparkSession spark, String path) {
        try {
            return fileSystem(spark, path).exists(new Path(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FileSystem fileSystem(SparkSession spark, String path) {
        try {
            return new Path(path).getFileSystem(spark.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
