package io.colorcache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} process on a free loopback port, for tests. Which binary runs is
 * {@link RedisBinary#configured()}: {@code redis-server} from PATH when there is one, else the
 * Redis 6.2 that the {@code com.github.codemonstur:embedded-redis} artifact ships; the system
 * property {@code colorcache.test.redis} or the variable {@code COLORCACHE_TEST_REDIS} forces
 * one. No persistence unless asked. The server never outlives the test JVM ({@link OrphanGuard}).
 */
public final class RedisServer implements AutoCloseable {

    private final Path binary;
    private final Path workDir;
    private final int port;
    private final boolean persistent;
    private final boolean legacy;
    private final List<String> extraArgs;
    private final String password;
    private Process process;
    private OrphanGuard guard;
    private int tlsPort;

    private RedisServer(Path binary, Path workDir, int port, boolean persistent, boolean legacy,
            List<String> extraArgs, String password) {
        this.binary = binary;
        this.workDir = workDir;
        this.port = port;
        this.persistent = persistent;
        this.legacy = legacy;
        this.extraArgs = List.copyOf(extraArgs);
        this.password = password;
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

    /**
     * Starts a replica of {@code primary} (same binary) and waits until its first synchronisation is
     * done. A {@link #restart()} starts it as a replica again.
     */
    public static RedisServer startReplicaOf(RedisServer primary) {
        List<String> args = new ArrayList<>(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port)));
        RedisServer replica = start(primary.binary, false, false, args, primary.password);
        replica.awaitReplicationLink(Duration.ofSeconds(15));
        return replica;
    }

    /**
     * Starts a server that asks every client for {@code password} (the {@code default} user's);
     * its replicas use it too, and {@link #client()} sends it.
     */
    public static RedisServer startWithPassword(String password) {
        return start(RedisBinary.configured(), false, false, List.of(), password);
    }

    /**
     * Starts a server that also serves TLS on {@link #tlsPort()} with {@code certificates}' server
     * certificate (clients are not asked for one); the plain port stays for the test's own checks.
     * Fails when the binary has no TLS built in.
     */
    public static RedisServer startTls(TestCertificates certificates) {
        int tlsPort = freePort();
        RedisServer server = start(RedisBinary.configured(), false, false, List.of(
                "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certificates.serverCertificate().toString(),
                "--tls-key-file", certificates.serverKey().toString(),
                "--tls-ca-cert-file", certificates.caCertificate().toString(),
                "--tls-auth-clients", "no"));
        server.tlsPort = tlsPort;
        return server;
    }

    /**
     * Starts a node with cluster mode on, holding no slots yet ({@link RedisCluster} joins them). Its
     * port is chosen so that the cluster bus port (port + 10000) is free as well.
     */
    static RedisServer startClusterNode() {
        int port = freePort();
        while (port > 55000 || isListening(port + 10000)) {
            port = freePort();
        }
        try {
            RedisServer server = new RedisServer(RedisBinary.configured(), Files.createTempDirectory("colorcache-redis"),
                    port, false, false, List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                            "--cluster-node-timeout", "5000"), null);
            server.launch(server.extraArgs);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server", e);
        }
    }

    /**
     * Starts a server whose users come from {@code aclFile} (its {@code default} user must need no
     * password, for the harness' own checks).
     */
    public static RedisServer startWithAclFile(Path aclFile) {
        return start(RedisBinary.configured(), false, false, List.of("--aclfile", aclFile.toString()));
    }

    /** A Redis 2.8, older than Colorcache supports, to see the services refuse it. */
    public static RedisServer startUnsupported() {
        return start(RedisBinary.unsupported(), false, true, List.of());
    }

    private static RedisServer start(boolean persistent) {
        return start(RedisBinary.configured(), persistent, false, List.of());
    }

    private static RedisServer start(Path binary, boolean persistent, boolean legacy, List<String> extraArgs) {
        return start(binary, persistent, legacy, extraArgs, null);
    }

    private static RedisServer start(Path binary, boolean persistent, boolean legacy, List<String> extraArgs,
            String password) {
        List<String> args = new ArrayList<>(extraArgs);
        if (password != null) {
            args.addAll(List.of("--requirepass", password, "--masterauth", password));
        }
        try {
            RedisServer server = new RedisServer(binary, Files.createTempDirectory("colorcache-redis"),
                    freePort(), persistent, legacy, args, password);
            server.launch(server.extraArgs);
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

    /** The TLS port of a server started by {@link #startTls}. */
    public int tlsPort() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this server serves no TLS");
        }
        return tlsPort;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** The {@code default} user's password, or null when the server asks for none. */
    public String password() {
        return password;
    }

    /** The binary this server runs. */
    public Path binary() {
        return binary;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            guard.disarm();
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Stops the process (SIGSTOP) without killing it: it holds its connections but answers nothing. */
    public void suspend() {
        signal("STOP");
    }

    /** Lets a {@link #suspend() suspended} server run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            // The shell's own kill: a machine with only a JDK may have no kill binary (procps).
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid()).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port: empty, or with its data if it is persistent. */
    public void restart() {
        kill();
        launch(extraArgs);
    }

    /**
     * Starts the server again on the same port as a replica of {@code primary}, as a restarted pod
     * that asks the sentinels for the current primary does, and waits for its first sync.
     */
    public void restartAsReplicaOf(RedisServer primary) {
        kill();
        List<String> args = new ArrayList<>(extraArgs);
        args.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primary.port)));
        launch(args);
        awaitReplicationLink(Duration.ofSeconds(15));
    }

    /** A new connection for assertions, authenticated when the server asks for a password; close it after use. */
    public RespClient client() {
        RespClient client = new RespClient("127.0.0.1", port);
        if (password != null) {
            client.run("AUTH", password);
        }
        return client;
    }

    @Override
    public void close() {
        if (process != null) {
            guard.disarm();
            process.destroy();
            waitForExit();
        }
    }

    private void launch(List<String> args) {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always",
                "--dir", workDir.toString(), "--loglevel", "warning"));
        if (!legacy) {
            command.addAll(List.of("--protected-mode", "no"));
        }
        command.addAll(args);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        }
        guard = OrphanGuard.watch(process);
        awaitPong(Duration.ofSeconds(15));
    }

    private void awaitPong(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            try (RespClient client = client()) {
                if ("PONG".equals(client.string("PING"))) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Pause.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING within " + timeout + ": " + log());
    }

    private void awaitReplicationLink(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (RespClient client = client()) {
                if (client.string("INFO", "replication").contains("master_link_status:up")) {
                    return;
                }
            }
            Pause.sleep(50);
        }
        throw new IllegalStateException("replica on port " + port + " did not sync within " + timeout + ": " + log());
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

    /** A port that was free a moment ago; good enough on a test machine. */
    public static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * Ports free now, all different: each is held open until all are chosen, as two separate
     * {@link #freePort()} calls may return the same port (which Vert.x would then share between
     * the two servers of one process).
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
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
}
