package dev.einops.nd4j;

import dev.einops.testkit.ConformanceSuite;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every case of the conformance corpus on ND4J arrays. */
class Nd4jConformanceTest {
    private final ConformanceSuite<INDArray> suite = new ConformanceSuite<>(Nd4jTensors.ADAPTER);

    @TestFactory
    Stream<DynamicTest> everyOperationMatchesTheReference() {
        return suite.tests(c -> ConformanceSuite.ALL_OPS.contains(c.op()));
    }
}
