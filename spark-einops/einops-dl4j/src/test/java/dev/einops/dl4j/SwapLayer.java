package dev.einops.dl4j;

import dev.einops.Einops;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/** The Javadoc example of {@link PatternLambdaLayer}, compiled; {@code JavadocExamplesTest} uses it. */
// example: PatternLambdaLayer
public class SwapLayer extends PatternLambdaLayer {          // a new pattern layer is one method
    public SwapLayer() { super("b c t -> b t c", Map.of()); }   // no-arg: DL4J JSON needs one
    protected SDVariable transform(SDVariable x) { return Einops.rearrange(x, getPattern()); }
}
// end example
