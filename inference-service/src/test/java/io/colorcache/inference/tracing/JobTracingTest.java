package io.colorcache.inference.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.inference.model.ModelHolder;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.QueuedJobs;
import io.colorcache.testsupport.QueuedJobs.Queued;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TracingOn;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The worker's half of a job's trace, across the real stream hop: jobs whose messages carry a
 * gateway's traceparent are enqueued on the real Redis stream; the worker reads them, runs them
 * as a batch on a real ONNX Runtime session, and its spans, kept in memory, continue each trace:
 * the job's consumer span under the gateway's span, and under it the queue wait, decode,
 * pre-processing, the model (batch size, a link to every job of the batch), post-processing,
 * encode and store. (The gateway's half: the gateway's RequestTracingTest.)
 */
@QuarkusTest
@TestProfile(JobTracingTest.BatchesOfThree.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class JobTracingTest {

    /** Tracing on; three jobs wait up to a second for each other to make one batch. */
    public static class BatchesOfThree extends TracingOn {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(super.getConfigOverrides());
            config.put("colorcache.worker.batch.max-size", "3");
            config.put("colorcache.worker.batch.max-delay", "1s");
            return config;
        }
    }

    private static final List<String> STAGES = List.of("colorcache.queue.wait", "colorcache.decode",
            "colorcache.pre", "colorcache.model", "colorcache.post", "colorcache.encode", "colorcache.store");

    @Inject
    InMemorySpanExporter spans;

    @Inject
    KeySchema keys;

    @Inject
    ModelHolder model;

    private static String traceparent(int i) {
        return "00-" + String.format("%032x", 0xabc000L + i) + "-" + String.format("%016x", 0xdef000L + i) + "-01";
    }

    @Test
    void eachJobsTraceContinuesTheGatewaysSpanThroughEveryStageAndTheBatchLinksItsJobs() throws Exception {
        model.whenLoaded().toCompletableFuture().get();
        List<Queued> jobs = new ArrayList<>();
        try (RespClient redis = RedisTestResource.server().client()) {
            for (int i = 0; i < 3; i++) {
                byte[] photo = GeneratedImages.encode(GeneratedImages.gradient(96 + 8 * i, 64, 400 + i), "png");
                jobs.add(QueuedJobs.enqueue(redis, keys, model.model(), photo, OutputFormat.PNG, false, traceparent(i)));
            }
            for (Queued job : jobs) {
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.jobIn(keys.job(job.jobId()), JobState.DONE));
            }
        }

        List<SpanData> models = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            String trace = traceparent(i).substring(3, 35);
            String gatewaySpan = traceparent(i).substring(36, 52);
            String jobId = jobs.get(i).jobId();
            List<SpanData> ofTrace = await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems()
                    .stream().filter(s -> s.getTraceId().equals(trace)).toList(),
                    found -> found.stream().map(SpanData::getName).collect(Collectors.toSet()).containsAll(STAGES)
                            && found.stream().anyMatch(s -> s.getName().equals("colorcache.job")));
            SpanData job = ofTrace.stream().filter(s -> s.getName().equals("colorcache.job")).findFirst().orElseThrow();
            assertThat(job.getParentSpanId()).as("the job continues the gateway's span").isEqualTo(gatewaySpan);
            assertThat(job.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(job.getAttributes().get(AttributeKey.stringKey("colorcache.job.id"))).isEqualTo(jobId);
            assertThat(job.getAttributes().get(AttributeKey.stringKey("colorcache.job.outcome"))).isEqualTo("done");
            for (String stage : STAGES) {
                SpanData span = ofTrace.stream().filter(s -> s.getName().equals(stage)).findFirst().orElseThrow();
                assertThat(span.getParentSpanId()).as(stage + " under the job").isEqualTo(job.getSpanId());
                assertThat(span.getStartEpochNanos()).as(stage + " within the job")
                        .isGreaterThanOrEqualTo(job.getStartEpochNanos());
                assertThat(span.getEndEpochNanos()).isLessThanOrEqualTo(job.getEndEpochNanos());
            }
            models.add(ofTrace.stream().filter(s -> s.getName().equals("colorcache.model")).findFirst().orElseThrow());
        }
        for (SpanData run : models) {
            long size = run.getAttributes().get(AttributeKey.longKey("colorcache.batch.size"));
            assertThat(run.getLinks()).hasSize((int) size);
            assertThat(run.getLinks()).extracting(LinkData::getSpanContext).extracting(c -> c.getSpanId())
                    .contains(run.getParentSpanId());
        }
        assertThat(models).as("three jobs enqueued together ran as one batch of three")
                .allMatch(run -> run.getAttributes().get(AttributeKey.longKey("colorcache.batch.size")) == 3L);
    }
}
