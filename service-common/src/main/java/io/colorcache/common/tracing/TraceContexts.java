package io.colorcache.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/**
 * A job message's trace context, both ways: the gateway writes a span's context as the W3C
 * {@code traceparent} the message carries, the worker continues the trace from it.
 */
public final class TraceContexts {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> CARRIER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContexts() {
    }

    /** The context to continue from a traceparent; the root context (a new trace) without one. */
    public static Context parentOf(String traceparent) {
        return traceparent == null || traceparent.isBlank() ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of(TRACEPARENT, traceparent),
                        CARRIER);
    }

    /** {@code span}'s context as a W3C traceparent, or {@code fallback} when it records nothing. */
    public static String traceparentOf(Span span, String fallback) {
        SpanContext context = span.getSpanContext();
        return context.isValid()
                ? "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex()
                : fallback;
    }
}
