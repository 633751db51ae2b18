package io.colorcache.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.TestKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No upload outlives {@code retain.max-age} from when it was first stored, however often it is kept again. */
@QuarkusTest
@TestProfile(RetentionCapTest.ShortMaxAge.class)
@QuarkusTestResource(RedisTestResource.class)
class RetentionCapTest {

    public static class ShortMaxAge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.inputs.retain.max-age", "3s");
        }
    }

    @Inject
    UploadLifetimes uploads;

    @Test
    void keepingAnUploadAgainNeverMovesItsEndPastTheCapFromItsFirstStore() throws InterruptedException {
        byte[] upload = TestImages.encoded("jpeg", 24, 24, 9501);
        String sha = Sha256.hex(upload);
        Duration week = Duration.ofDays(7);
        try (RespClient redis = RedisTestResource.server().client()) {
            uploads.keepAtLeast(sha, upload, week).await().atMost(Duration.ofSeconds(5));
            assertThat(redis.number("PTTL", TestKeys.KEYS.input(sha))).isBetween(1L, 3000L);

            Thread.sleep(1500);
            uploads.keepAtLeast(sha, upload, week).await().atMost(Duration.ofSeconds(5));
            assertThat(uploads.extend(sha, week).await().atMost(Duration.ofSeconds(5))).isTrue();
            assertThat(redis.number("PTTL", TestKeys.KEYS.input(sha))).as("still counted from the first store")
                    .isBetween(1L, 1600L);

            await().atMost(Duration.ofSeconds(5)).until(() -> redis.number("EXISTS", TestKeys.KEYS.input(sha)) == 0);
            assertThat(uploads.extend(sha, week).await().atMost(Duration.ofSeconds(5))).as("gone for good").isFalse();
        }
    }
}
