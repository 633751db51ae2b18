package io.colorcache.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.inference.model.ModelHolder;
import io.colorcache.protocol.FailureCode;
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
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker's decode deadline, attacked: a small upload that is slow to decode (12 MP of one
 * flat gray, a few kilobytes of PNG) fails once as undecodable, nothing is stored, and the worker
 * goes on to the next job.
 */
@QuarkusTest
@TestProfile(DecodeDeadlineTest.ShortDeadline.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class DecodeDeadlineTest {

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.worker.decode-deadline", "40ms");
        }
    }

    @Inject
    ModelHolder model;

    @Inject
    KeySchema keys;

    @Test
    void aFileTooCostlyToDecodeFailsOnceAndTheWorkerGoesOn() {
        byte[] slow = GeneratedImages.encode(new BufferedImage(4000, 3000, BufferedImage.TYPE_BYTE_GRAY), "png");
        assertThat(slow.length).as("small to send, costly to decode").isLessThan(100_000);

        try (RespClient redis = RedisTestResource.server().client()) {
            Queued costly = QueuedJobs.enqueue(redis, keys, model.model(), slow, OutputFormat.JPEG);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.jobIn(keys.job(costly.jobId()), JobState.FAILED));
            assertThat(redis.job(keys.job(costly.jobId())).orElseThrow().failureCode()).isEqualTo(FailureCode.UNDECODABLE_IMAGE);
            assertThat(redis.job(keys.job(costly.jobId())).orElseThrow().error()).contains("longer than");
            assertThat(redis.job(keys.job(costly.jobId())).orElseThrow().attempts()).isEqualTo(1);
            assertThat(redis.number("EXISTS", costly.resultKey())).isZero();
            // Dead-lettered just after its state is written.
            await().atMost(Duration.ofSeconds(10)).until(() -> redis.list("XRANGE", keys.deadLetterStream(), "-", "+")
                    .toString().contains(costly.jobId()));

            Queued next = QueuedJobs.enqueue(redis, keys, model.model(),
                    GeneratedImages.encode(GeneratedImages.gradient(64, 48, 0), "png"), OutputFormat.JPEG);
            await().atMost(Duration.ofSeconds(60)).until(() -> redis.jobIn(keys.job(next.jobId()), JobState.DONE));
            assertThat(redis.number("EXISTS", next.resultKey())).isOne();
        }
    }
}
