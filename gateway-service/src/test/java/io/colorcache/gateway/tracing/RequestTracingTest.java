package io.colorcache.gateway.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.gateway.TestImages;
import io.colorcache.gateway.WorkerSteps;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TracingOn;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The gateway's half of a job's trace, with the SDK on and spans kept in memory: the job message
 * on the real stream carries the context of the request's wait span, a child of the request's
 * server span, itself a child of the client's traceparent; the wait span ends the trace when the
 * worker's answer comes. (The worker's half: the inference service's JobTracingTest.)
 */
@QuarkusTest
@TestProfile(TracingOn.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class RequestTracingTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    private SpanData span(String name) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name) && s.getTraceId().equals(TRACE)).findFirst().orElse(null),
                s -> s != null);
    }

    @Test
    void theJobCarriesTheWaitSpanWhichEndsTheTraceWhenTheAnswerComes() throws Exception {
        byte[] upload = TestImages.encoded("jpg", 64, 48, 901);
        String sha = Sha256.hex(upload);
        CompletableFuture<Response> call = CompletableFuture.supplyAsync(() -> given().contentType("image/jpeg")
                .header("traceparent", "00-" + TRACE + "-" + CLIENT_SPAN + "-01").body(upload).post("/v1/colorize"));
        long answered;
        JobMessage job;
        try (RespClient redis = RedisTestResource.server().client()) {
            job = await().atMost(Duration.ofSeconds(5)).until(() -> WorkerSteps.jobFor(redis, sha), j -> j != null);
            Thread.sleep(100);
            answered = System.currentTimeMillis();
            WorkerSteps.done(redis, job.jobId(), job.resultKey(), upload);
        }
        call.get().then().statusCode(200).header("X-Cache", "miss");

        SpanData wait = span("colorcache.wait");
        SpanData server = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(TRACE)).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).as("the server span continues the client's trace").isEqualTo(CLIENT_SPAN);
        assertThat(wait.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(wait.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(job.traceparent()).as("the job message on the stream")
                .isEqualTo("00-" + TRACE + "-" + wait.getSpanId() + "-01");
        assertThat(wait.getAttributes().asMap().toString()).contains(job.jobId()).contains("miss");
        assertThat(wait.getEndEpochNanos() / 1_000_000).as("the wait ends after the worker's answer")
                .isGreaterThanOrEqualTo(answered);
        assertThat(wait.getEndEpochNanos() - wait.getStartEpochNanos()).isGreaterThan(Duration.ofMillis(100).toNanos());
    }

    @Test
    void aJobSubmittedAsynchronouslyCarriesTheRequestsServerSpan() throws Exception {
        byte[] upload = TestImages.encoded("jpg", 72, 40, 902);
        String sha = Sha256.hex(upload);
        String trace = "0af7651916cd43dd8448eb211c80319c";
        given().contentType("image/jpeg").header("traceparent", "00-" + trace + "-b7ad6b7169203331-01")
                .body(upload).post("/v1/jobs").then().statusCode(202);
        SpanData server = await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getTraceId().equals(trace)).findFirst().orElse(null),
                s -> s != null);
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(WorkerSteps.jobFor(redis, sha).traceparent()).isEqualTo("00-" + trace + "-" + server.getSpanId() + "-01");
        }
    }
}
