package io.colorcache.gateway.service;

import io.colorcache.common.tracing.TraceContexts;
import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The synchronous colorize path on the event loop: L1, then L2 (Redis), then one computation
 * per result key. Identical requests in this process share one flight; across replicas the
 * Redis lock makes sure only one job exists, and the others wait for its completion.
 */
@ApplicationScoped
public class ColorizeService {

    private final TieredResults results;
    private final JobSubmitter submitter;
    private final CompletionAwaiter awaiter;
    private final KeySchema keys;
    private final ModelRef model;
    private final GatewayConfig config;
    private final DemandRecorder demand;
    private final PhotoAccess access;
    private final RequestTracing tracing;
    /** Computations in flight in this process, one per result key, shared by identical requests. */
    private final Map<String, Uni<ColorizedImage>> flights = new ConcurrentHashMap<>();

    public ColorizeService(TieredResults results, JobSubmitter submitter, CompletionAwaiter awaiter,
            KeySchema keys, ModelRef model, GatewayConfig config, DemandRecorder demand, PhotoAccess access,
            RequestTracing tracing) {
        this.tracing = tracing;
        this.results = results;
        this.submitter = submitter;
        this.awaiter = awaiter;
        this.keys = keys;
        this.model = model;
        this.config = config;
        this.demand = demand;
        this.access = access;
    }

    public Uni<ColorizedImage> colorize(AcceptedUpload request) {
        demand.record(request.sha256(), request.upload());
        String resultKey = keys.result(model, request.format(), request.sha256());
        Uni<Boolean> disclosed = access.uploaded(request.tenant(), request.sha256());
        Uni<ColorizedImage> image = results.find(resultKey, request.format()).chain(found -> found.isPresent()
                ? Uni.createFrom().item(found.get())
                : joinFlight(resultKey, request));
        // The hold is recorded before the answer, so a fetch by hash right after it finds the photo held.
        return disclosed.chain(yes -> image.map(found -> yes ? found : found.undisclosed()));
    }

    private Uni<ColorizedImage> joinFlight(String resultKey, AcceptedUpload request) {
        AtomicReference<Uni<ColorizedImage>> started = new AtomicReference<>();
        Uni<ColorizedImage> flight = flights.computeIfAbsent(resultKey, key -> {
            Uni<ColorizedImage> shared = compute(key, request).memoize().indefinitely();
            started.set(shared);
            return shared;
        });
        if (started.get() == null) {
            return flight.map(image -> image.as(Outcome.COALESCED));
        }
        // The flight runs to its end whatever happens to the requests waiting on it, then leaves.
        flight.subscribe().with(image -> flights.remove(resultKey, flight), failure -> flights.remove(resultKey, flight));
        return flight;
    }

    private Uni<ColorizedImage> compute(String resultKey, AcceptedUpload request) {
        Span wait = tracing.startWait(request.traceparent(), resultKey);
        AcceptedUpload traced = request.withTraceparent(TraceContexts.traceparentOf(wait, request.traceparent()));
        return ensureJob(resultKey, traced)
                .invoke(flight -> wait.setAttribute("colorcache.job.id", flight.jobId()))
                .chain(flight -> awaiter.completion(resultKey, flight.jobId())
                        .ifNoItem().after(config.deadline())
                        .failWith(() -> new JobTimeoutException(flight.jobId(), config.deadline()))
                        .chain(completion -> deliver(resultKey, request.format(), flight, completion)))
                .onTermination().invoke((image, failure, cancelled) -> {
                    if (failure != null) {
                        wait.recordException(failure);
                        wait.setStatus(StatusCode.ERROR);
                    } else if (image != null) {
                        wait.setAttribute("colorcache.outcome", image.outcome().metricTag());
                    }
                    wait.end();
                });
    }

    /** The job computing this result: a new one (miss) or the one already in flight (coalesced). */
    private record Flight(String jobId, Outcome outcome) {
    }

    private Uni<Flight> ensureJob(String resultKey, AcceptedUpload request) {
        return submitter.submit(resultKey, request)
                .map(s -> new Flight(s.jobId(), s.created() ? Outcome.MISS : Outcome.COALESCED));
    }

    private Uni<ColorizedImage> deliver(String resultKey, OutputFormat format, Flight flight, Completion completion) {
        if (!completion.ok()) {
            return Uni.createFrom().failure(new JobFailedException(completion.jobId(), completion.failureCode()));
        }
        Outcome outcome = completion.near() && flight.outcome() == Outcome.MISS ? Outcome.NEAR : flight.outcome();
        return results.find(resultKey, format).map(found -> found.orElseThrow(() -> {
            Log.warnf("Job %s: the result %s was written but is gone from Redis (evicted?)", flight.jobId(), resultKey);
            return new JobFailedException(flight.jobId(), FailureCode.INTERNAL);
        }).as(outcome));
    }
}
