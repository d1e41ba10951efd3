package dev.einops.examples.job;

import java.util.ArrayList;
import java.util.List;

/**
 * The main job's command line: where images come from and where features go.
 *
 * <pre>{@code
 * JobOptions options = JobOptions.parse("--rows", "500", "--size", "32");
 * options.rows();        // 500
 * options.output();      // einops-work/output
 * }</pre>
 *
 * @param input     a folder of images (sub-folders are labels) or a Parquet table; null: generate a dataset
 * @param output    where features, patches, label means, the pipeline and the previews are written
 * @param work      where a generated dataset is written (and, by default, the output)
 * @param master    the Spark master; null: spark-submit's, or {@code local[*]} when there is none
 * @param rows      the number of images to generate when there is no input
 * @param size      the height and width every image is brought to
 * @param maxPixels the most pixels an image's header may give; larger ones are left out undecoded
 * @param help      whether to print the usage and stop
 */
public record JobOptions(String input, String output, String work, String master, int rows, int size, long maxPixels,
                         boolean help) {
    /** The work directory used when none is given: inside the current directory, ignored by git. */
    public static final String DEFAULT_WORK = "einops-work";
    public static final int DEFAULT_ROWS = 4096;
    public static final int DEFAULT_SIZE = 64;
    /** Every size must split into 2x2 pooling, 2x2 space-to-depth and patches of {@value FeaturePipeline#PATCH}. */
    public static final int SIZE_MULTIPLE = 4 * FeaturePipeline.PATCH;

    public static final String USAGE = String.join("\n",
            "FeaturePreprocessingJob: image features with a Spark ML pipeline of einops stages",
            "",
            "options:",
            "  --input DIR     a folder of images (PNG, JPEG, GIF, BMP, TIFF, WebP; sub-folders are labels) or a",
            "                  Parquet table with an image struct or a tensor column 'image' (c h w); default:",
            "                  generate a labelled dataset of drawn shapes under the work directory",
            "  --output DIR    where features/, patches/, label_means/, pipeline/ and previews/ go",
            "                  (default: WORK/output)",
            "  --work DIR      where a generated dataset goes (default: ./" + DEFAULT_WORK + ")",
            "  --master URL    the Spark master (default: spark-submit's, else local[*])",
            "  --rows N        how many images to generate without --input (default: " + DEFAULT_ROWS + ")",
            "  --size N        the height and width every image is scaled and centre-cropped to, a multiple",
            "                  of " + SIZE_MULTIPLE + " (default: " + DEFAULT_SIZE + ")",
            "  --max-pixels N  images whose header gives more pixels are left out, with the reason, before",
            "                  they are decoded (default: " + ImageDecoder.DEFAULT_MAX_PIXELS + ")",
            "  --help          this text",
            "",
            "with Maven: mvn -B -ntp -Pjob -DskipTests verify -Djob.args=\"--input DIR --output DIR\"");

    public JobOptions {
        if (rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, not " + rows);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("--max-pixels must be at least 1, not " + maxPixels);
        }
        if (size < SIZE_MULTIPLE || size % SIZE_MULTIPLE != 0) {
            throw new IllegalArgumentException("--size must be a positive multiple of " + SIZE_MULTIPLE
                    + " (2x2 pooling, 2x2 space-to-depth, then " + FeaturePipeline.PATCH + "x" + FeaturePipeline.PATCH
                    + " patches), not " + size);
        }
    }

    /**
     * The options of {@code args}.
     *
     * @throws IllegalArgumentException naming the option that is unknown, lacks its value or has a bad one
     */
    public static JobOptions parse(String... args) {
        String input = null;
        String output = null;
        String work = DEFAULT_WORK;
        String master = null;
        int rows = DEFAULT_ROWS;
        int size = DEFAULT_SIZE;
        long maxPixels = ImageDecoder.DEFAULT_MAX_PIXELS;
        boolean help = false;
        List<String> rest = new ArrayList<>(List.of(args));
        rest.removeIf(String::isBlank);
        for (int i = 0; i < rest.size(); i++) {
            String option = rest.get(i);
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--input" -> input = value(rest, ++i, option);
                case "--output" -> output = value(rest, ++i, option);
                case "--work" -> work = value(rest, ++i, option);
                case "--master" -> master = value(rest, ++i, option);
                case "--rows" -> rows = number(value(rest, ++i, option), option);
                case "--size" -> size = number(value(rest, ++i, option), option);
                case "--max-pixels" -> maxPixels = longNumber(value(rest, ++i, option), option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new JobOptions(input, output == null ? under(work, "output") : output, work, master,
                rows, size, maxPixels, help);
    }

    /** The dataset generated when there is no input: one per row count and size, kept for the next run. */
    public String generatedDataset() {
        return under(work, "dataset-" + rows + "x" + size);
    }

    /** {@code dir/name}, for local paths and URIs ({@code hdfs://…}) alike. */
    static String under(String dir, String name) {
        return (dir.endsWith("/") ? dir : dir + "/") + name;
    }

    private static String value(List<String> args, int at, String option) {
        if (at >= args.size() || args.get(at).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(at);
    }

    private static long longNumber(String value, String option) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
    }

    private static int number(String value, String option) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
    }
}
