package io.colorcache.inference.worker;

import io.colorcache.common.tracing.TraceContexts;
import io.colorcache.protocol.JobMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The worker's part of a job's trace. The gateway's span context comes in the job message
 * ({@code traceparent}); each job gets a consumer span from its enqueueing on, with its queue
 * wait and every stage (decode, pre-processing, the model, post-processing, encode, store) as
 * children. A batch's model run appears in the trace of each of its jobs, with the batch size and
 * a link to every job of the batch. A message without a traceparent starts a trace of its own;
 * with the OpenTelemetry SDK off, every span is a no-op.
 */
@ApplicationScoped
public class JobTraces {

    static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("colorcache.job.id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("colorcache.job.outcome");
    static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("colorcache.batch.size");

    private final Tracer tracer;

    /**
     * From the OpenTelemetry bean itself, not the Tracer producer (which reads the global
     * instance): a near reader may start a job before Quarkus has set the global instance up, and
     * reading it first would make that fail.
     */
    public JobTraces(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.colorcache.inference");
    }

    /** The job's span, open from its enqueueing; its queue wait, until now, is recorded under it. */
    public Span start(JobMessage job) {
        Span span = tracer.spanBuilder("colorcache.job").setParent(TraceContexts.parentOf(job.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(job.enqueuedAt(), TimeUnit.MILLISECONDS)
                .setAttribute(JOB_ID, job.jobId())
                .setAttribute("messaging.system", "redis")
                .setAttribute("messaging.operation.type", "process")
                .startSpan();
        tracer.spanBuilder("colorcache.queue.wait").setParent(Context.root().with(span))
                .setStartTimestamp(job.enqueuedAt(), TimeUnit.MILLISECONDS).startSpan().end();
        return span;
    }

    /** Ends a job's span with how it ended ({@code done}, {@code near}, {@code failed}...). */
    public static void end(Span job, String outcome, boolean failed) {
        job.setAttribute(OUTCOME, outcome);
        if (failed) {
            job.setStatus(StatusCode.ERROR, outcome);
        }
        job.end();
    }

    /** Runs a stage of the job whose span is current on this thread, as a child span named {@code colorcache.<stage>}. */
    public <T> T stage(String stage, Supplier<T> work) {
        if (!Span.current().getSpanContext().isValid()) {
            return work.get();
        }
        Span span = tracer.spanBuilder("colorcache." + stage).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A batch's model run, in the trace of each of its jobs: the batch size, and links to every job of the batch. */
    public void modelRun(List<Span> jobs, Instant start, Instant end) {
        for (Span job : jobs) {
            if (!job.getSpanContext().isValid()) {
                continue;
            }
            SpanBuilder builder = tracer.spanBuilder("colorcache.model").setParent(Context.root().with(job))
                    .setStartTimestamp(start).setAttribute(BATCH_SIZE, (long) jobs.size());
            for (Span other : jobs) {
                builder.addLink(other.getSpanContext());
            }
            builder.startSpan().end(end);
        }
    }
}
