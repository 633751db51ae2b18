package io.colorcache.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. It runs
 * {@code redis-server} from PATH when there is one, else the linux-amd64 binary that the
 * {@code com.github.codemonstur:embedded-redis} artifact ships. No persistence.
 */
public final class RedisServer implements AutoCloseable {

    private static final String BUNDLED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private final Path binary;
    private final Path workDir;
    private final int port;
    private final boolean persistent;
    private Process process;

    private RedisServer(Path binary, Path workDir, int port, boolean persistent) {
        this.binary = binary;
        this.workDir = workDir;
        this.port = port;
        this.persistent = persistent;
    }

    /** Starts a server on a free port and waits until it answers PING. Nothing survives a restart. */
    public static RedisServer start() {
        return start(false);
    }

    /**
     * Starts a server whose data survives {@link #kill()} and {@link #restart()}: append-only file,
     * fsync on every write, as a production Redis would be run for a job queue.
     */
    public static RedisServer startPersistent() {
        return start(true);
    }

    private static RedisServer start(boolean persistent) {
        try {
            RedisServer server = new RedisServer(locateBinary(), Files.createTempDirectory("colorcache-redis"),
                    freePort(), persistent);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server", e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Starts the server again on the same port: empty, or with its data if it is persistent. */
    public void restart() {
        kill();
        launch();
    }

    /** A new connection for assertions; close it after use. */
    public RespClient client() {
        return new RespClient("127.0.0.1", port);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always",
                "--protected-mode", "no",
                "--dir", workDir.toString(), "--loglevel", "warning"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        }
        awaitPong(Duration.ofSeconds(15));
    }

    private void awaitPong(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            try (RespClient client = client()) {
                if ("PONG".equals(client.call("PING"))) {
                    return;
                }
            } catch (RuntimeException notYet) {
                sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING within " + timeout + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path locateBinary() throws IOException {
        Optional<Path> onPath = findOnPath("redis-server");
        if (onPath.isPresent()) {
            return onPath.get();
        }
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(BUNDLED_BINARY)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and no bundled " + BUNDLED_BINARY);
            }
            Path target = Files.createTempFile("redis-server", "");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            target.toFile().deleteOnExit();
            return target;
        }
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A port that was free a moment ago; good enough on a test machine. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts connections on the port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
