package dev.einops.spark.exec;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * How an accumulator's state travels inside its Java serialization: after the configuration, which
 * default serialization writes, comes the state in its compact form of bytes (its length, then the
 * bytes), never as Java objects.
 */
final class StateBytes {
    private StateBytes() {
    }

    /** Writes {@code state} after what {@code out} holds so far. */
    static void write(ObjectOutputStream out, byte[] state) throws IOException {
        out.writeInt(state.length);
        out.write(state);
    }

    /** Reads the state {@link #write} wrote. */
    static byte[] read(ObjectInputStream in) throws IOException {
        byte[] state = new byte[in.readInt()];
        in.readFully(state);
        return state;
    }
}
