package dev.einops.nd4j;

import dev.einops.testkit.ConformanceSuite;
import dev.einops.testkit.HostTensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Every rearrange, reduce, repeat and parse_shape case of the conformance corpus on ND4J arrays. */
class Nd4jConformanceTest {
    private final ConformanceSuite<INDArray> suite = new ConformanceSuite<>() {
        @Override
        protected INDArray toTensor(HostTensor host) {
            return Nd4jTensors.toNd4j(host);
        }

        @Override
        protected HostTensor toHost(INDArray tensor) {
            return Nd4jTensors.toHost(tensor);
        }
    };

    @TestFactory
    Stream<DynamicTest> coreOperationsMatchTheReference() {
        return suite.tests(c -> ConformanceSuite.CORE_OPS.contains(c.op()));
    }
}
