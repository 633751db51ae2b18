package io.colorcache.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Writes the bundled demo model with the packaged inference service's own tool, as the run script does. */
final class DemoModel {

    private DemoModel() {
    }

    /** @return the model file's SHA-256 */
    static String write(Path inferenceApp, Path target, int size) {
        String classpath = inferenceApp.resolve("app") + File.separator + "*" + File.pathSeparator
                + inferenceApp.resolve("lib").resolve("main") + File.separator + "*";
        try {
            Process process = new ProcessBuilder(List.of(System.getProperty("java.bin", "java"), "-cp", classpath,
                    "io.colorcache.inference.model.ContractGraph", target.toString(), Integer.toString(size)))
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
