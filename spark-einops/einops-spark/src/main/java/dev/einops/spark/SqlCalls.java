package dev.einops.spark;

import dev.einops.spark.transform.CompiledCall;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The one seam between the Java API and Spark Connect. A Connect client cannot send Catalyst
 * expressions, so there the column functions and the DataFrame verbs become calls of einops' SQL
 * functions by name ({@code call_function}), which the server's session resolves to the same
 * expressions (it registers them: {@code spark.sql.extensions=dev.einops.spark.sql.EinopsSparkSessionExtensions}).
 * In a classic session the API builds the expressions directly and needs no registration.
 *
 * <p>Which kind of session an object belongs to is read from its class name, so that a client whose
 * class path holds only Spark's Connect client never loads a class of classic Spark.
 *
 * <pre>{@code
 * SqlCalls.call("einops_rearrange", Map.of(), col("image"), "c h w -> h w c");
 * // call_function("einops_rearrange", image, 'c h w -> h w c')
 * }</pre>
 */
final class SqlCalls {
    private static final String CLASSIC = "org.apache.spark.sql.classic.";
    private static final boolean CLASSIC_PRESENT = present(CLASSIC + "SparkSession");

    private SqlCalls() {
    }

    /**
     * A call of SQL function {@code name} with {@code arguments}: columns as they are, strings as
     * literals, then the axis lengths as a {@code map(...)} literal when there are any.
     */
    static Column call(String name, Map<String, ? extends Number> axesLengths, Object... arguments) {
        List<Column> args = new ArrayList<>();
        for (Object a : arguments) {
            args.add(a instanceof Column c ? c : org.apache.spark.sql.functions.lit(a));
        }
        if (axesLengths != null && !axesLengths.isEmpty()) {
            List<Column> entries = new ArrayList<>();
            axesLengths.forEach((axis, length) -> {
                entries.add(org.apache.spark.sql.functions.lit(axis));
                entries.add(org.apache.spark.sql.functions.lit(length.longValue()));
            });
            args.add(org.apache.spark.sql.functions.map(entries.toArray(Column[]::new)));
        }
        return org.apache.spark.sql.functions.call_function(name, args.toArray(Column[]::new));
    }

    /**
     * Whether the column functions must be calls by name: classic Spark is not on the class path,
     * or a Connect session is active (on this thread) or the default one. A JVM may hold both kinds,
     * as one that starts a Connect server in-process does; a column alone does not tell which session
     * it will be used in.
     */
    static boolean byName() {
        return !CLASSIC_PRESENT || connectSessionInUse();
    }

    /**
     * Whether {@code sparkObject} (a Dataset, a grouping, a session) belongs to a Spark Connect
     * client rather than to a classic session.
     */
    static boolean onConnect(Object sparkObject) {
        for (Class<?> c = sparkObject.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().startsWith(CLASSIC)) {
                return false;
            }
        }
        return true;
    }

    /** The error of a call that cannot run over Spark Connect, naming it and saying why. */
    static EinopsException unsupported(String call, String why) {
        return new EinopsException(call + " does not work over Spark Connect: " + why);
    }

    /**
     * {@code result}, analysed by the Connect server at once, as a classic session analyses a
     * verb's result when it is made: a call the server rejects fails here with the server's reason.
     */
    static Dataset<Row> analysed(Dataset<Row> result, CompiledCall call) {
        try {
            result.schema();
            return result;
        } catch (Exception e) {   // AnalysisException, which Java sees as checked
            if (e instanceof AnalysisException) {
                throw new EinopsException(e.getMessage(), e).withContext(call.label(), call.pattern(), null,
                        call.axesLengths());
            }
            throw e;
        }
    }

    private static boolean connectSessionInUse() {
        try {
            Object companion = Class.forName("org.apache.spark.sql.connect.SparkSession$", true,
                    SqlCalls.class.getClassLoader()).getField("MODULE$").get(null);
            return ((scala.Option<?>) companion.getClass().getMethod("getActiveSession").invoke(companion)).isDefined()
                    || ((scala.Option<?>) companion.getClass().getMethod("getDefaultSession").invoke(companion))
                    .isDefined();
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;   // no Connect client on the class path
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SqlCalls.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
