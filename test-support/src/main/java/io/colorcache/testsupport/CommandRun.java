package io.colorcache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A packaged command-mode Quarkus app ({@code target/quarkus-app}) run to its end, as a CronJob runs it. */
public final class CommandRun {

    /** How the run ended: its exit code, and what it wrote on stdout and stderr. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The last line of stdout, where a run prints its summary. */
        public String lastLine() {
            List<String> lines = stdout.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private CommandRun() {
    }

    public static Result run(Path appDir, Map<String, String> config, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of(JavaBinary.path(), "-Xmx256m"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(appDir.resolve("quarkus-run.jar").toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("command", ".out");
            Path err = Files.createTempFile("command", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("still running after " + timeout + ":\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
