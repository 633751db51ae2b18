package io.colorcache.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of primaries on loopback, without replicas: the nodes meet each other and take
 * an equal share of the 16384 slots (what {@code redis-cli --cluster create --cluster-replicas 0}
 * does, sent here as CLUSTER MEET and ADDSLOTS so that it needs no {@code redis-cli}).
 */
public final class RedisCluster implements AutoCloseable {

    public static final int SLOTS = 16384;

    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisCluster() {
    }

    /** Starts {@code primaries} nodes and waits until every one reports {@code cluster_state:ok}. */
    public static RedisCluster start(int primaries) {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < primaries; i++) {
                cluster.nodes.add(RedisServer.startClusterNode());
            }
            cluster.join();
            cluster.awaitState(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** Every node's URI, comma-separated ({@code quarkus.redis.hosts} for {@code client-type=cluster}). */
    public String uris() {
        return nodes.stream().map(RedisServer::uri).collect(Collectors.joining(","));
    }

    /** The hash slot of {@code key}. */
    public long slot(String key) {
        try (RespClient any = nodes.get(0).client()) {
            return any.number("CLUSTER", "KEYSLOT", key);
        }
    }

    /** The node that serves {@code key}. */
    public RedisServer nodeFor(String key) {
        long slot = slot(key);
        int index = 0;
        while (slot >= (long) (index + 1) * SLOTS / nodes.size()) {
            index++;
        }
        return nodes.get(index);
    }

    private void join() {
        RedisServer first = nodes.get(0);
        for (int i = 0; i < nodes.size(); i++) {
            try (RespClient client = nodes.get(i).client()) {
                if (i > 0) {
                    client.run("CLUSTER", "MEET", "127.0.0.1", first.port());
                }
                int from = i * SLOTS / nodes.size();
                int to = (i + 1) * SLOTS / nodes.size();
                Object[] command = new Object[2 + to - from];
                command[0] = "CLUSTER";
                command[1] = "ADDSLOTS";
                for (int slot = from; slot < to; slot++) {
                    command[2 + slot - from] = slot;
                }
                client.run(command);
            }
        }
    }

    private void awaitState(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (RedisServer node : nodes) {
            while (true) {
                try (RespClient client = node.client()) {
                    String info = client.string("CLUSTER", "INFO");
                    if (info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + nodes.size())) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster on " + uris() + " not ok within " + timeout);
                }
                Pause.sleep(100);
            }
        }
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
