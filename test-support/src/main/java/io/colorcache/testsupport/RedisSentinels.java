package io.colorcache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Redis Sentinels on loopback watching one primary, asking clients for the primary's password
 * when it has one ({@code redis-server <conf> --sentinel}, the
 * same binary as the primary): a quorum of two, a primary taken for down after one second.
 * None outlives the test JVM ({@link OrphanGuard}).
 */
public final class RedisSentinels implements AutoCloseable {

    /** The name the sentinels know the primary by ({@code quarkus.redis.master-name}). */
    public static final String MASTER_NAME = "colorcache";

    private final List<Process> processes = new ArrayList<>();
    private final List<OrphanGuard> guards = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final String password;

    private RedisSentinels(String password) {
        this.password = password;
    }

    /** Starts {@code count} sentinels watching {@code primary} and waits until each knows its replicas. */
    public static RedisSentinels watch(RedisServer primary, int count) {
        RedisSentinels sentinels = new RedisSentinels(primary.password());
        try {
            for (int i = 0; i < count; i++) {
                sentinels.launch(primary, i);
            }
            sentinels.awaitReady(Duration.ofSeconds(20));
            return sentinels;
        } catch (RuntimeException e) {
            sentinels.close();
            throw e;
        }
    }

    /** Every sentinel's {@code host:port}, comma-separated. */
    public String addresses() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Whether every sentinel names the server on {@code port} as the primary now. */
    public boolean allNamePrimary(int port) {
        for (int sentinel : ports) {
            try (RespClient client = sentinelClient(sentinel)) {
                List<Object> address = client.list("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
                if (Integer.parseInt((String) address.get(1)) != port) {
                    return false;
                }
            }
        }
        return true;
    }

    private RespClient sentinelClient(int port) {
        RespClient client = new RespClient("127.0.0.1", port);
        if (password != null) {
            client.run("AUTH", password);
        }
        return client;
    }

    private void launch(RedisServer primary, int index) {
        try {
            Path dir = Files.createTempDirectory("colorcache-sentinel");
            int port = RedisServer.freePort();
            Path conf = dir.resolve("sentinel.conf");
            List<String> lines = new ArrayList<>(List.of(
                    "port " + port,
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primary.port() + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 10000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1"));
            if (primary.password() != null) {
                // The sentinels ask clients for the primary's password, and use it on the primary and replicas.
                lines.addAll(List.of("requirepass " + primary.password(),
                        "sentinel auth-pass " + MASTER_NAME + " " + primary.password()));
            }
            lines.add("");
            Files.writeString(conf, String.join("\n", lines));
            Path log = dir.resolve("sentinel.log");
            Process process = new ProcessBuilder(primary.binary().toString(), conf.toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            processes.add(process);
            guards.add(OrphanGuard.watch(process));
            ports.add(port);
            logs.add(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a sentinel", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < ports.size(); i++) {
            while (true) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException("sentinel exited: " + log(i));
                }
                try (RespClient client = sentinelClient(ports.get(i))) {
                    String info = client.string("INFO", "sentinel");
                    if (info.contains("status=ok") && info.contains("sentinels=" + ports.size())) {
                        break;
                    }
                } catch (RuntimeException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("sentinel " + ports.get(i) + " not ready within " + timeout + ": "
                            + log(i));
                }
                Pause.sleep(100);
            }
        }
    }

    private String log(int index) {
        try {
            return Files.readString(logs.get(index));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        guards.forEach(OrphanGuard::disarm);
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
