package io.colorcache.common.redis;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.protocol.KeySchema;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits until {@code colorcache.jobs.durability.replicas} replicas hold every write this process
 * has completed. {@code WAIT} counts only the writes of the connection it is sent on, so one
 * pinned connection writes this process's probe key and then waits; replication is ordered, so a
 * replica that has the probe has every write completed before it, whichever connection made it.
 */
@ApplicationScoped
public class ReplicaConfirmation {

    private static final String PROBE_LIFETIME_MILLIS = "60000";

    private final ReactiveRedisDataSource redis;
    private final int replicas;
    private final String timeoutMillis;
    private final String probeKey;

    public ReplicaConfirmation(ReactiveRedisDataSource redis, KeySchema keys, JobsConfig config) {
        this.redis = redis;
        this.replicas = config.durability().replicas();
        this.timeoutMillis = Long.toString(Math.max(1, config.durability().timeout().toMillis()));
        this.probeKey = keys.replicationProbe(ManagementFactory.getRuntimeMXBean().getName());
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
