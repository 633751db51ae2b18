package io.colorcache.gateway.service;

import io.colorcache.common.tracing.TraceContexts;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's part of a job's trace: a job message carries the span context of the request
 * that made it ({@code traceparent}), and a synchronous request's wait for the computation is a
 * span of its own, the job's parent in the worker, which ends the trace when the answer comes.
 * With the OpenTelemetry SDK off nothing records, and a message carries the client's own header.
 */
@ApplicationScoped
public class RequestTracing {

    private final Tracer tracer;

    /** From the OpenTelemetry bean itself, as the worker's JobTraces (which says why). */
    public RequestTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.colorcache.gateway");
    }

    /** The span current on this thread (a request's server span) as a traceparent, else {@code fallback}. */
    public static String current(String fallback) {
        return TraceContexts.traceparentOf(Span.current(), fallback);
    }

    /** The wait for a computation, a child of {@code traceparent} (a new trace without one). */
    public Span startWait(String traceparent, String resultKey) {
        return tracer.spanBuilder("colorcache.wait").setParent(TraceContexts.parentOf(traceparent))
                .setSpanKind(SpanKind.PRODUCER).setAttribute("colorcache.result.key", resultKey).startSpan();
    }
}
