package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
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

    private final L1Cache l1;
    private final ResultCache l2;
    private final JobSubmitter submitter;
    private final CompletionAwaiter awaiter;
    private final KeySchema keys;
    private final ModelRef model;
    private final GatewayConfig config;
    private final DemandRecorder demand;
    private final Map<String, CompletableFuture<ColorizedImage>> flights = new ConcurrentHashMap<>();

    public ColorizeService(L1Cache l1, ResultCache l2, JobSubmitter submitter, CompletionAwaiter awaiter,
            KeySchema keys, ModelRef model, GatewayConfig config, DemandRecorder demand) {
        this.l1 = l1;
        this.l2 = l2;
        this.submitter = submitter;
        this.awaiter = awaiter;
        this.keys = keys;
        this.model = model;
        this.config = config;
        this.demand = demand;
    }

    /** An accepted upload: its bytes, their SHA-256, the wanted encoding and trace context. */
    public record Request(byte[] upload, String sha256, OutputFormat format, String traceparent) {
    }

    public Uni<ColorizedImage> colorize(Request request) {
        demand.record(request.sha256(), request.upload());
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
        CompletionAwaiter.Watch watch = awaiter.watch(resultKey);
        return ensureJob(resultKey, request)
                .chain(flight -> watch.completion(flight.jobId())
                        .ifNoItem().after(config.deadline())
                        .failWith(() -> new JobTimeoutException(flight.jobId(), config.deadline()))
                        .chain(completion -> deliver(resultKey, request.format(), flight, completion)))
                .onTermination().invoke(watch::close);
    }

    /** The job computing this result: a new one (miss) or the one already in flight (coalesced). */
    private record Flight(String jobId, Outcome outcome) {
    }

    private Uni<Flight> ensureJob(String resultKey, Request request) {
        return submitter.submit(resultKey, request)
                .map(s -> new Flight(s.jobId(), s.created() ? Outcome.MISS : Outcome.COALESCED));
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
