package io.colorcache.inference.worker;

import static io.restassured.RestAssured.given;
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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Bursts through the real worker: jobs are batched, and decoded images stay within their pixel budget. */
@QuarkusTest
@TestProfile(BurstTest.SmallBudget.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class BurstTest {

    static final long BUDGET = 25_000_000;

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "colorcache.worker.pipeline.max-decoded-pixels", Long.toString(BUDGET),
                    "colorcache.worker.pipeline.prepare-threads", "4",
                    "colorcache.worker.batch.max-size", "4",
                    "colorcache.worker.batch.max-delay", "200ms");
        }
    }

    @Inject
    ModelHolder model;

    @Inject
    KeySchema keys;

    @Test
    void aBurstOfTwelveMegapixelPhotosNeverHoldsMoreDecodedPixelsThanTheBudget() {
        List<Queued> jobs = new ArrayList<>();
        try (RespClient redis = RedisTestResource.server().client()) {
            for (int i = 0; i < 6; i++) {
                byte[] photo = GeneratedImages.encode(GeneratedImages.gradient(4000, 3000, i), "jpeg");
                jobs.add(QueuedJobs.enqueue(redis, keys, model.model(), photo, OutputFormat.JPEG));
            }
            awaitDone(redis, jobs, Duration.ofMinutes(2));
        }
        double high = metric("colorcache_inference_decoded_pixels_high");
        assertThat(high).as("most decoded pixels held at once").isLessThanOrEqualTo(BUDGET).isGreaterThanOrEqualTo(12_000_000);
    }

    @Test
    void aBurstOfSmallJobsRunsInBatches() {
        List<Queued> jobs = new ArrayList<>();
        try (RespClient redis = RedisTestResource.server().client()) {
            for (int i = 0; i < 12; i++) {
                jobs.add(QueuedJobs.enqueue(redis, keys, model.model(),
                        GeneratedImages.encode(GeneratedImages.gradient(64, 48, 100 + i), "png"), OutputFormat.PNG));
            }
            awaitDone(redis, jobs, Duration.ofSeconds(60));
        }
        assertThat(metric("colorcache_inference_batch_size_max")).as("largest batch").isGreaterThan(1);
        assertThat(metric("colorcache_inference_batch_size_max")).isLessThanOrEqualTo(4);
    }

    private void awaitDone(RespClient redis, List<Queued> jobs, Duration timeout) {
        await().atMost(timeout).until(() -> jobs.stream()
                .allMatch(job -> redis.jobIn(keys.job(job.jobId()), JobState.DONE)));
        for (Queued job : jobs) {
            assertThat(redis.number("EXISTS", job.resultKey())).isEqualTo(1);
        }
    }

    private static double metric(String name) {
        String body = given().get("/q/metrics").asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.E+-]+)$").matcher(body);
        assertThat(m.find()).as("metric %s present", name).isTrue();
        return Double.parseDouble(m.group(2));
    }
}
