package io.colorcache.gateway.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The gateway's part of a job's trace: a job message carries the span context of the request
 * that made it ({@code traceparent}), and a synchronous request's wait for the computation is a
 * span of its own, the job's parent in the worker, which ends the trace when the answer comes.
 * With the OpenTelemetry SDK off nothing records, and a message carries the client's own header.
 */
@ApplicationScoped
public class RequestTracing {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> HEADER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    public RequestTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** The span current on this thread (a request's server span) as a traceparent, else {@code fallback}. */
    public static String current(String fallback) {
        return of(Span.current(), fallback);
    }

    /** {@code span}'s context as a W3C traceparent, or {@code fallback} when it records nothing. */
    public static String of(Span span, String fallback) {
        SpanContext context = span.getSpanContext();
        return context.isValid()
                ? "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()
                : fallback;
    }

    /** The wait for a computation, a child of {@code traceparent} (a new trace without one). */
    public Span startWait(String traceparent, String resultKey) {
        Context parent = traceparent == null || traceparent.isEmpty() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent),
                        HEADER);
        return tracer.spanBuilder("colorcache.wait").setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("colorcache.result.key", resultKey).startSpan();
    }
}
