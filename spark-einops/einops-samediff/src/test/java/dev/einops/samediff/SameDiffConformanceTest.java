package dev.einops.samediff;

import dev.einops.testkit.ConformanceSuite;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.autodiff.samediff.SDVariable;

/** Every case of the conformance corpus with SameDiff variables as inputs, results evaluated. */
class SameDiffConformanceTest {
    private final ConformanceSuite<SDVariable> suite = new ConformanceSuite<>(new SameDiffTensors());

    @TestFactory
    Stream<DynamicTest> everyOperationMatchesTheReference() {
        return suite.tests(c -> ConformanceSuite.ALL_OPS.contains(c.op()) && !c.op().equals("parse_shape"));
    }

    @TestFactory
    Stream<DynamicTest> parseShapeReadsTheVariablesShape() {
        return suite.tests(c -> c.op().equals("parse_shape"));
    }
}
