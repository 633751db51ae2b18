package io.colorcache.testsupport;

import io.colorcache.protocol.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a model of DDColor's contract ({@link ContractGraph}): the demo model, or a layered one for benchmarks. */
public final class DemoModel {

    private DemoModel() {
    }

    /** The demo model; @return the model file's SHA-256 */
    public static String write(Path target, int size) {
        return write(target, ContractGraph.demo(size));
    }

    /**
     * A stack of 3x3 convolutions with {@code hidden} channels: real compute per pixel, for
     * throughput measurements. @return the model file's SHA-256
     */
    public static String writeLayered(Path target, int size, int hidden, int layers) {
        return write(target, ContractGraph.layered(size, hidden, layers));
    }

    private static String write(Path target, byte[] model) {
        try {
            Files.write(target, model);
            return Sha256.hex(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
