package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.JobQueue;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.gateway.redis.SingleFlightLock;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The synchronous colorize path on the event loop: L1, then L2 (Redis), then one computation
 * per result key. Identical requests in this process share one flight; across replicas the
 * Redis lock makes sure only one job exists, and the others wait for its completion.
 */
@ApplicationScoped
public class ColorizeService {

    private static final int MAX_LOCK_ATTEMPTS = 3;

    private final L1Cache l1;
    private final ResultCache l2;
    private final SingleFlightLock lock;
    private final JobQueue queue;
    private final JobStates jobStates;
    private final CompletionWaiters waiters;
    private final KeySchema keys;
    private final ModelRef model;
    private final GatewayConfig config;
    private final Map<String, CompletableFuture<ColorizedImage>> flights = new ConcurrentHashMap<>();

    public ColorizeService(L1Cache l1, ResultCache l2, SingleFlightLock lock, JobQueue queue, JobStates jobStates,
            CompletionWaiters waiters, KeySchema keys, ModelRef model, GatewayConfig config) {
        this.l1 = l1;
        this.l2 = l2;
        this.lock = lock;
        this.queue = queue;
        this.jobStates = jobStates;
        this.waiters = waiters;
        this.keys = keys;
        this.model = model;
        this.config = config;
    }

    /** An accepted upload: its bytes, their SHA-256, the wanted encoding and trace context. */
    public record Request(byte[] upload, String sha256, OutputFormat format, String traceparent) {
    }

    public Uni<ColorizedImage> colorize(Request request) {
        String resultKey = keys.result(model, request.format(), request.sha256());
        byte[] cached = l1.get(resultKey);
        if (cached != null) {
            return Uni.createFrom().item(new ColorizedImage(cached, request.format(), resultKey, Outcome.HIT_L1));
        }
        return l2.get(resultKey).chain(bytes -> {
            if (bytes != null) {
                l1.put(resultKey, bytes);
                return Uni.createFrom().item(new ColorizedImage(bytes, request.format(), resultKey, Outcome.HIT_L2));
            }
            return joinFlight(resultKey, request);
        });
    }

    private Uni<ColorizedImage> joinFlight(String resultKey, Request request) {
        CompletableFuture<ColorizedImage> mine = new CompletableFuture<>();
        CompletableFuture<ColorizedImage> existing = flights.putIfAbsent(resultKey, mine);
        if (existing != null) {
            return Uni.createFrom().completionStage(existing)
                    .map(image -> new ColorizedImage(image.bytes(), image.format(), resultKey, Outcome.COALESCED));
        }
        // The flight runs on its own, whatever happens to the request that started it.
        compute(resultKey, request).subscribe().with(
                image -> {
                    flights.remove(resultKey, mine);
                    mine.complete(image);
                },
                failure -> {
                    flights.remove(resultKey, mine);
                    mine.completeExceptionally(failure);
                });
        return Uni.createFrom().completionStage(mine);
    }

    private Uni<ColorizedImage> compute(String resultKey, Request request) {
        CompletableFuture<Completion> waiter = waiters.register(resultKey);
        return ensureJob(resultKey, request, 1)
                .chain(flight -> awaitCompletion(resultKey, flight.jobId(), waiter)
                        .ifNoItem().after(config.deadline())
                        .failWith(() -> new JobTimeoutException(flight.jobId(), config.deadline()))
                        .chain(completion -> deliver(resultKey, request.format(), flight, completion)))
                .onTermination().invoke(() -> waiters.remove(resultKey, waiter));
    }

    /** The job computing this result: a new one (miss) or the one already in flight (coalesced). */
    private record Flight(String jobId, Outcome outcome) {
    }

    private Uni<Flight> ensureJob(String resultKey, Request request, int attempt) {
        String jobId = JobIds.next();
        return lock.tryAcquire(resultKey, jobId).chain(acquired -> {
            if (acquired) {
                JobMessage job = new JobMessage(jobId, resultKey, keys.input(request.sha256()), request.sha256(),
                        request.format(), System.currentTimeMillis(), request.traceparent(), Priority.INTERACTIVE);
                return queue.enqueue(job, request.upload())
                        .onFailure().call(() -> lock.release(resultKey, jobId).onFailure().recoverWithNull())
                        .replaceWith(new Flight(jobId, Outcome.MISS));
            }
            return lock.holder(resultKey).chain(holder -> {
                if (holder != null || attempt >= MAX_LOCK_ATTEMPTS) {
                    return Uni.createFrom().item(new Flight(holder == null ? jobId : holder, Outcome.COALESCED));
                }
                // The other job ended between our two calls; its result may be there, else try again.
                return ensureJob(resultKey, request, attempt + 1);
            });
        });
    }

    /** The completion from the subscription, or from a periodic look at Redis, whichever comes first. */
    private Uni<Completion> awaitCompletion(String resultKey, String jobId, CompletableFuture<Completion> waiter) {
        Uni<Completion> notified = Uni.createFrom().completionStage(waiter);
        Uni<Completion> polled = Multi.createFrom().ticks().every(config.recheckInterval())
                .onItem().transformToUniAndConcatenate(tick -> probe(resultKey, jobId))
                .select().where(completion -> completion != null)
                .toUni();
        return probe(resultKey, jobId).chain(found -> found != null
                ? Uni.createFrom().item(found)
                : Uni.combine().any().of(notified, polled));
    }

    /** What Redis says now: the result exists, the job failed, or nothing yet (null). */
    private Uni<Completion> probe(String resultKey, String jobId) {
        return l2.exists(resultKey).chain(exists -> exists
                ? Uni.createFrom().item(Completion.succeeded(resultKey, jobId))
                : jobStates.failure(jobId).map(failure -> failure
                        .map(f -> Completion.failed(resultKey, jobId, f.code(), f.detail()))
                        .orElse(null)));
    }

    private Uni<ColorizedImage> deliver(String resultKey, OutputFormat format, Flight flight, Completion completion) {
        if (!completion.ok()) {
            return Uni.createFrom().failure(
                    new JobFailedException(completion.jobId(), completion.failureCode(), completion.detail()));
        }
        return l2.get(resultKey).map(bytes -> {
            if (bytes == null) {
                throw new JobFailedException(flight.jobId(), FailureCode.INTERNAL,
                        "the result was written but is gone from Redis (evicted?)");
            }
            l1.put(resultKey, bytes);
            return new ColorizedImage(bytes, format, resultKey, flight.outcome());
        });
    }
}
