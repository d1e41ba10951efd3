package dev.einops.spark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.spark.SparkTestSession;
import dev.einops.spark.catalyst.EinopsFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.execution.HiveResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Every example in the functions' descriptions runs and gives the output it shows, as {@code spark-sql}
 * prints it; {@code DESCRIBE FUNCTION EXTENDED} shows them, and {@code SHOW FUNCTIONS} lists every function.
 */
class SqlExamplesTest {
    private static final SparkSession SPARK = SparkTestSession.get();

    @BeforeAll
    static void register() {
        EinopsFunctions.register(SPARK);
    }

    @TestFactory
    Stream<DynamicTest> everyExampleGivesTheOutputItShows() {
        List<DynamicTest> tests = new ArrayList<>();
        for (EinopsFunction f : CollectionConverters.asJava(EinopsCatalog.functions())) {
            ExpressionInfo info = f.info();
            String[] lines = info.getExamples().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].trim();
                if (!line.startsWith("> ")) {
                    continue;
                }
                String query = line.substring(2).replace("_FUNC_", f.name());
                List<String> expected = new ArrayList<>();
                for (int j = i + 1; j < lines.length && !lines[j].trim().startsWith(">") && !lines[j].isBlank(); j++) {
                    expected.add(lines[j].trim());
                }
                tests.add(DynamicTest.dynamicTest(f.name() + ": " + query, () -> {
                    org.apache.spark.sql.execution.SparkPlan plan = ((org.apache.spark.sql.classic.Dataset<?>)
                            SPARK.sql(query.substring(0, query.length() - 1))).queryExecution().executedPlan();
                    List<String> got = CollectionConverters.asJava(HiveResult.hiveResultString(plan));
                    assertEquals(String.join("\n", expected), String.join("\n", got), query);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void describeFunctionExtendedShowsUsageArgumentsAndExamples() {
        String described = String.join("\n", SPARK.sql("DESCRIBE FUNCTION EXTENDED einops_rearrange")
                .collectAsList().stream().map(r -> r.getString(0)).toList());
        assertTrue(described.contains("Usage: einops_rearrange(t, pattern [, lengths]) - Rearranges each row's tensor"),
                described);
        assertTrue(described.contains("Arguments:") && described.contains("* pattern - a constant pattern"), described);
        assertTrue(described.contains("> SELECT einops_rearrange(array(array(1, 2, 3), array(4, 5, 6)), 'h w -> w h');"),
                described);
    }

    @Test
    void tensorDataIsADocumentedAliasOfTensorToFlat() {
        String described = String.join("\n", SPARK.sql("DESCRIBE FUNCTION EXTENDED tensor_data")
                .collectAsList().stream().map(r -> r.getString(0)).toList());
        assertTrue(described.contains("An alias of tensor_to_flat."), described);
        assertEquals(SPARK.sql("SELECT tensor_to_flat(array(array(1, 2), array(3, 4)))").first().get(0),
                SPARK.sql("SELECT tensor_data(array(array(1, 2), array(3, 4)))").first().get(0));
    }

    @Test
    void showFunctionsListsThemAll() {
        List<String> listed = SPARK.sql("SHOW FUNCTIONS LIKE 'einops*'").collectAsList().stream()
                .map(r -> r.getString(0)).toList();
        for (String name : CollectionConverters.asJava(EinopsCatalog.functions()).stream()
                .map(EinopsFunction::name).filter(n -> n.startsWith("einops")).toList()) {
            assertTrue(listed.contains(name), name + " in " + listed);
        }
    }
}
