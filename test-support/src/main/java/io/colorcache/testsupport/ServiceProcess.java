package io.colorcache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus service ({@code target/quarkus-app}) running as its own JVM process, its API
 * on one free port ({@link #baseUri()}) and its health and metrics on another
 * ({@link #managementUri()}, {@code quarkus.management}).
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final OrphanGuard guard;

    private ServiceProcess(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.guard = OrphanGuard.watch(process);
    }

    /** Starts {@code quarkus-run.jar} of {@code appDir} with the given configuration, on a free port. */
    public static ServiceProcess start(String name, Path appDir, Map<String, String> config) {
        return start(name, appDir, config, List.of("-Xmx1g"));
    }

    /** As {@link #start(String, Path, Map)}, with extra JVM options (heap size, GC logging...). */
    public static ServiceProcess start(String name, Path appDir, Map<String, String> config, List<String> jvmOptions) {
        return start(name, appDir, config, jvmOptions, Map.of());
    }

    /** As {@link #start(String, Path, Map, List)}, with environment variables as a pod would set them. */
    public static ServiceProcess start(String name, Path appDir, Map<String, String> config, List<String> jvmOptions,
            Map<String, String> environment) {
        ServiceProcess service = launch(name, appDir, config, jvmOptions, environment);
        try {
            service.awaitReady(Duration.ofSeconds(180));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** Starts the service without waiting for it to be ready, e.g. to see it refuse to start. */
    public static ServiceProcess launch(String name, Path appDir, Map<String, String> config, List<String> jvmOptions) {
        return launch(name, appDir, config, jvmOptions, Map.of());
    }

    /**
     * As {@link #launch(String, Path, Map, List)}, with environment variables as a Kubernetes pod
     * would set them (for example the ones a chart renders).
     */
    public static ServiceProcess launch(String name, Path appDir, Map<String, String> config, List<String> jvmOptions,
            Map<String, String> environment) {
        int[] ports = RedisServer.freePorts(2);
        int port = ports[0];
        int managementPort = ports[1];
        List<String> command = new ArrayList<>(List.of(JavaBinary.path()));
        command.addAll(jvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + managementPort));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(appDir.resolve("quarkus-run.jar").toString());
        try {
            Path log = Files.createTempFile(name, ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ServiceProcess(name, process, port, managementPort, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** The operating-system process id, e.g. to read its memory from /proc. */
    public long pid() {
        return process.pid();
    }

    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /** Where health ({@code /q/health}) and metrics ({@code /q/metrics}) are served. */
    public String managementUri() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUri() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + log());
    }

    /** SIGKILL, as a crash or an OOM kill would end it: no shutdown hooks run. */
    public void kill() {
        guard.disarm();
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end by itself; its exit code, or empty when it is still running. */
    public java.util.OptionalInt awaitExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return java.util.OptionalInt.of(process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return java.util.OptionalInt.empty();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM and wait for the exit, as Kubernetes stops a pod; the exit code. */
    public int stop(java.time.Duration timeout) {
        guard.disarm();
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return -1;
    }

    @Override
    public void close() {
        guard.disarm();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
