package io.colorcache.inference;

import io.colorcache.inference.model.ModelFiles;
import io.colorcache.testsupport.ContractGraph;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the demo model (DDColor's contract, S=64 to keep tests fast) and configures the service
 * with it, near-duplicate reuse off. With the init argument {@code near=true} it writes the
 * content-dependent {@link ContractGraph#textured} model instead and leaves reuse on.
 */
public class DemoModelTestResource implements QuarkusTestResourceLifecycleManager {

    public static final int SIZE = 64;
    public static final String MODEL_ID = "ddcolor-test";
    private Path file;
    private boolean near;

    @Override
    public void init(Map<String, String> initArgs) {
        near = Boolean.parseBoolean(initArgs.get("near"));
    }

    @Override
    public Map<String, String> start() {
        try {
            file = Files.createTempFile("ddcolor-demo", ".onnx");
            Files.write(file, near ? ContractGraph.textured(SIZE) : ContractGraph.demo(SIZE));
            return Map.of(
                    "colorcache.model.id", MODEL_ID,
                    "colorcache.model.version", ModelFiles.sha256(file).substring(0, 12),
                    "colorcache.model.path", file.toString(),
                    "colorcache.model.providers", "tensorrt,cuda,cpu",
                    "colorcache.worker.read-block", "200ms",
                    // The gradients of most tests are near-duplicates of each other.
                    "colorcache.near.enabled", Boolean.toString(near));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
