package io.colorcache.common.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.KeySchema;
import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Waits until {@code colorcache.jobs.durability.replicas} replicas hold every write this process
 * has completed. {@code WAIT} counts only the writes of the connection it is sent on, so one
 * pinned connection writes this process's probe key and then waits; replication is ordered, so a
 * replica that has the probe has every write completed before it, whichever connection made it.
 * On a Redis Cluster the job's keys live on several shards and WAIT would count the replicas of
 * one of them, so a process asked to wait there refuses to start.
 */
@ApplicationScoped
public class ReplicaConfirmation {

    private static final String PROBE_LIFETIME_MILLIS = "60000";

    private final ReactiveRedisDataSource redis;
    private final int replicas;
    private final String timeoutMillis;
    private final String probeKey;

    public ReplicaConfirmation(@RedisClientName(QueueRedis.NAME) ReactiveRedisDataSource redis,
            KeySchema keys, JobsConfig config) {
        this.redis = redis;
        this.replicas = config.durability().replicas();
        this.timeoutMillis = Long.toString(Math.max(1, config.durability().timeout().toMillis()));
        this.probeKey = keys.replicationProbe(ManagementFactory.getRuntimeMXBean().getName());
    }

    void refuseOnCluster(@Observes StartupEvent event) {
        String clientType = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.redis.queue.client-type", String.class).orElse("standalone");
        if (replicas > 0 && "cluster".equalsIgnoreCase(clientType)) {
            String refusal = "colorcache.jobs.durability.replicas=" + replicas + " cannot be kept on a Redis Cluster:"
                    + " a job's keys live on several shards and WAIT counts the replicas of one. Set it to 0 there,"
                    + " or use a primary with replicas behind Sentinel.";
            Log.error(refusal);
            throw new IllegalStateException(refusal);
        }
    }

    /** Completes once enough replicas hold this process's writes; fails with {@link NotDurableException} if not in time. */
    public Uni<Void> confirm() {
        if (replicas == 0) {
            return Uni.createFrom().voidItem();
        }
        AtomicLong acknowledged = new AtomicLong();
        return redis.withConnection(connection -> connection
                        .execute("SET", probeKey, Long.toString(System.currentTimeMillis()), "PX", PROBE_LIFETIME_MILLIS)
                        .chain(() -> connection.execute("WAIT", Integer.toString(replicas), timeoutMillis))
                        .invoke(reply -> acknowledged.set(reply.toLong()))
                        .replaceWithVoid())
                .invoke(() -> {
                    if (acknowledged.get() < replicas) {
                        throw new NotDurableException(acknowledged.get(), replicas);
                    }
                });
    }
}
