package dev.einops.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.einops.types.EinopsException;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.junit.jupiter.api.Test;

class EinMixLayerTest {
    @Test
    void theCompiledLayerFollowsItsProperties() {
        EinMixLayer layer = new EinMixLayer("b t c -> b t d", "c d", "d", Map.of("c", 3, "d", 5));
        SDLayerParams params = new SDLayerParams();
        layer.defineParameters(params);
        assertArrayEquals(new long[] {3, 5}, params.getParamShapes().get("W"));
        // DL4J's JSON sets properties one by one: each setter drops the layer compiled before
        layer.setAxesLengths(Map.of("c", 3L, "d", 7L));
        layer.defineParameters(params);
        assertArrayEquals(new long[] {3, 7}, params.getParamShapes().get("W"));
        assertArrayEquals(new long[] {1, 1, 7}, params.getParamShapes().get("b"));
        layer.setBiasShape(null);
        layer.defineParameters(params);
        assertEquals(1, params.getParamShapes().size());
        layer.setPattern("b t c -> b t e");
        assertEquals("Unrecognized identifiers on the right side of EinMix: {e}",
                assertThrows(EinopsException.class, () -> layer.defineParameters(new SDLayerParams())).reason());
    }
}
