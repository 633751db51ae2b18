package io.colorcache.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes a model of DDColor's contract with the packaged inference service's own tool
 * ({@code ContractGraph}), as the run script does: the demo model, or a layered one for benchmarks.
 */
public final class DemoModel {

    private DemoModel() {
    }

    /** The demo model; @return the model file's SHA-256 */
    public static String write(Path inferenceApp, Path target, int size) {
        return write(inferenceApp, target, List.of(Integer.toString(size)));
    }

    /**
     * A stack of 3x3 convolutions with {@code hidden} channels: real compute per pixel, for
     * throughput measurements. @return the model file's SHA-256
     */
    public static String writeLayered(Path inferenceApp, Path target, int size, int hidden, int layers) {
        return write(inferenceApp, target, List.of(Integer.toString(size), Integer.toString(hidden),
                Integer.toString(layers)));
    }

    private static String write(Path inferenceApp, Path target, List<String> shape) {
        String classpath = inferenceApp.resolve("app") + File.separator + "*" + File.pathSeparator
                + inferenceApp.resolve("lib").resolve("main") + File.separator + "*";
        try {
            List<String> command = new java.util.ArrayList<>(List.of(JavaBinary.path(), "-cp",
                    classpath, "io.colorcache.inference.model.ContractGraph", target.toString()));
            command.addAll(shape);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("demo model tool failed: " + output);
            }
            return output.lines().reduce((first, second) -> second).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
