package dev.einops.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The column functions as calls of the SQL functions by name, for a session that cannot take
 * Catalyst expressions from the client (Spark Connect): the server's session, with einops' SQL
 * functions registered, resolves them. In a classic session the functions build the expressions
 * directly and need no registration.
 *
 * <pre>{@code
 * SqlCalls.call("einops_rearrange", Map.of(), col("image"), "c h w -> h w c");
 * // call_function("einops_rearrange", image, 'c h w -> h w c')
 * }</pre>
 */
final class SqlCalls {
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

    /** Whether the active session takes Catalyst expressions (a classic session, not Spark Connect). */
    static boolean expressionsDirectly() {
        return dev.einops.spark.catalyst.PlannerInstaller.classic();
    }
}
