package dev.einops.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TutorialJobTest {
    @Test
    void printsEveryStatementWithItsShape() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new TutorialJob(new PrintStream(bytes, true, StandardCharsets.UTF_8), Nd4j.rand(DataType.FLOAT, 10, 32, 8, 12)).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("b c h w -> b h w c") && out.contains("[10, 8, 12, 32]"), out);
        assertTrue(out.contains("[10, 128, 4, 6]"), out);
        assertTrue(out.contains("[10, 8, 16, 24]"), out);
        assertTrue(out.contains("[10, 32, 16, 24]"), out);
        assertTrue(out.contains("parse_shape batch _ h w: {batch=10, h=8, w=12}"), out);
    }
}
