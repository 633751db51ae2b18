package io.colorcache.gateway.service;

import io.colorcache.common.redis.NotDurableException;
import io.colorcache.common.redis.ReplicaConfirmation;
import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.auth.TenantLimits;
import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.config.LimitsConfig;
import io.colorcache.gateway.redis.JobQueue;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.SingleFlightLock;
import io.colorcache.gateway.redis.TenantQuotas;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Priority;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Makes sure exactly one job exists for a result key across all gateway replicas: takes the
 * single-flight lock and enqueues a new job, or returns the id of the job that holds the lock.
 */
@ApplicationScoped
public class JobSubmitter {

    private static final int MAX_LOCK_ATTEMPTS = 3;

    /** A lock this old whose job was never recorded belongs to a gateway that failed mid-enqueue. */
    private static final long ORPHAN_AGE_MILLIS = 2_000;

    private final SingleFlightLock lock;
    private final JobQueue queue;
    private final JobStates states;
    private final KeySchema keys;
    private final ReplicaConfirmation replicas;
    private final GatewayMetrics metrics;
    private final TenantQuotas quotas;
    private final LimitsConfig limits;
    private final long maxQueued;
    private final long maxQueuedBytes;

    public JobSubmitter(SingleFlightLock lock, JobQueue queue, JobStates states, ReplicaConfirmation replicas,
            GatewayMetrics metrics, TenantQuotas quotas, LimitsConfig limits, KeySchema keys, GatewayConfig config) {
        this.lock = lock;
        this.queue = queue;
        this.states = states;
        this.replicas = replicas;
        this.metrics = metrics;
        this.quotas = quotas;
        this.limits = limits;
        this.keys = keys;
        this.maxQueued = config.maxQueued();
        this.maxQueuedBytes = config.maxQueuedBytes();
    }

    /**
     * Whether the lock's job was never enqueued: a gateway took the lock, then lost Redis or died
     * before the job was recorded. Waiting on it would end in a timeout, so the lock is taken over.
     */
    private Uni<Boolean> orphaned(String resultKey, String holder) {
        return lock.ageMillis(resultKey).chain(age -> age < ORPHAN_AGE_MILLIS
                ? Uni.createFrom().item(false)
                : states.record(holder).map(java.util.Optional::isEmpty));
    }

    /** Counts a new computation against the tenant's daily limit, or fails when none is left. */
    private Uni<Void> countComputation(Tenant tenant) {
        long perDay = TenantLimits.of(tenant, limits).computationsPerDay();
        if (perDay <= 0) {
            return Uni.createFrom().voidItem();
        }
        return quotas.startComputation(tenant.id(), perDay).chain(left -> left < 0
                ? Uni.createFrom().failure(new ComputationQuotaExceededException(tenant.id(), perDay,
                        quotas.secondsUntilTomorrow()))
                : Uni.createFrom().voidItem());
    }

    /** The job computing a result: {@code created} when this call enqueued it. */
    public record Submitted(String jobId, boolean created) {
    }

    /**
     * @throws QueueFullException (in the Uni) when the stream holds {@code max-queued} jobs, or this
     *         upload would take its queued input bytes over {@code max-queued-bytes}
     * @throws NotDurableException (in the Uni) when too few replicas hold the job yet: it stays
     *         queued (its lock too), so a retry joins it
     * @throws ComputationQuotaExceededException (in the Uni) when the job would be new and the
     *         tenant has started its computations of the day; joining a running job is free
     */
    public Uni<Submitted> submit(String resultKey, AcceptedUpload request) {
        String stream = keys.stream(Priority.INTERACTIVE);
        return Uni.combine().all().unis(queue.length(stream), queue.queuedBytes(stream)).asTuple()
                .chain(queued -> {
                    if (queued.getItem1() >= maxQueued) {
                        return Uni.createFrom().failure(QueueFullException.entries(queued.getItem1()));
                    }
                    if (queued.getItem2() + request.upload().length > maxQueuedBytes) {
                        return Uni.createFrom().failure(QueueFullException.bytes(queued.getItem2()));
                    }
                    return submit(resultKey, request, 1);
                })
                .call(() -> replicas.confirm().onFailure(NotDurableException.class).invoke(metrics::notDurable));
    }

    private Uni<Submitted> submit(String resultKey, AcceptedUpload request, int attempt) {
        String jobId = JobIds.next();
        return lock.tryAcquire(resultKey, jobId).chain(acquired -> {
            if (acquired) {
                JobMessage job = new JobMessage(jobId, resultKey, keys.input(request.sha256()), request.sha256(),
                        request.format(), System.currentTimeMillis(), request.traceparent(), Priority.INTERACTIVE,
                        request.nearAllowed());
                return countComputation(request.tenant())
                        .chain(() -> queue.enqueue(job, request.upload()))
                        .onFailure().call(() -> lock.release(resultKey, jobId).onFailure().recoverWithNull())
                        .replaceWith(new Submitted(jobId, true));
            }
            return lock.holder(resultKey).chain(holder -> {
                if (attempt >= MAX_LOCK_ATTEMPTS) {
                    return Uni.createFrom().item(new Submitted(holder == null ? jobId : holder, false));
                }
                if (holder == null) {
                    // The other job ended between our two calls; its result may be there, else try again.
                    return submit(resultKey, request, attempt + 1);
                }
                return orphaned(resultKey, holder).chain(orphan -> orphan
                        ? lock.release(resultKey, holder).chain(() -> submit(resultKey, request, attempt + 1))
                        : Uni.createFrom().item(new Submitted(holder, false)));
            });
        });
    }
}
