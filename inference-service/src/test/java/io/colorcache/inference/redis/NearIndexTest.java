package io.colorcache.inference.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.inference.near.NearColors;
import io.colorcache.inference.near.PerceptualSignature;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The near index and colours on a real Redis: found within the radius only, per model, gone when expired. */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class NearIndexTest {

    private static final ModelRef MODEL = new ModelRef("ddcolor-near", "0123abcd");

    @Inject
    NearIndex index;

    @Inject
    NearColorsStore colors;

    @Inject
    KeySchema keys;

    private static String sha(String name) {
        return Sha256.hex(name.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void photosWithinTheRadiusAreFoundNearestFirstAndOthersAreNot() {
        long hash = 0x0f0f_1234_abcd_5555L;
        index.add(MODEL, sha("exact"), hash, Duration.ofMinutes(5));
        index.add(MODEL, sha("two-bits"), hash ^ 0x0001_0000_0000_0001L, Duration.ofMinutes(5));
        index.add(MODEL, sha("seven-bits"), hash ^ 0x7f00_0000_0000_0000L, Duration.ofMinutes(5));
        index.add(MODEL, sha("far"), ~hash, Duration.ofMinutes(5));
        index.add(new ModelRef("ddcolor-near", "89abcdef"), sha("other-model"), hash, Duration.ofMinutes(5));

        assertThat(index.candidates(MODEL, hash, 7, 10)).extracting(NearIndex.Candidate::sha256)
                .containsExactly(sha("exact"), sha("two-bits"), sha("seven-bits"));
        assertThat(index.candidates(MODEL, hash, 3, 10)).extracting(NearIndex.Candidate::distance)
                .containsExactly(0, 2);
        assertThat(index.candidates(MODEL, hash, 7, 1)).hasSize(1);
    }

    @Test
    void expiredEntriesAreNeitherFoundNorKept() {
        long hash = 0x1111_2222_3333_4444L;
        index.add(MODEL, sha("short-lived"), hash, Duration.ofMillis(300));
        assertThat(index.candidates(MODEL, hash, 0, 10)).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> index.candidates(MODEL, hash, 0, 10).isEmpty());
        try (RespClient redis = RedisTestResource.server().client()) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> redis.number("EXISTS", keys.nearBand(MODEL, 0, 0x1111)) == 0);
        }
    }

    @Test
    void nearColoursAreStoredWithTheirLifetime() {
        NearColors stored = NearColors.of(new PerceptualSignature(42, 0.75f, new byte[4096]), new float[2 * 4 * 4], 0, 4);
        colors.put(MODEL, sha("colours"), stored, Duration.ofMinutes(5));
        assertThat(colors.get(MODEL, sha("colours"))).hasValueSatisfying(found -> {
            assertThat(found.signature().hash()).isEqualTo(42);
            assertThat(found.size()).isEqualTo(4);
        });
        assertThat(colors.get(MODEL, sha("absent"))).isEmpty();
        try (RespClient redis = RedisTestResource.server().client()) {
            assertThat(redis.number("PTTL", keys.nearColors(MODEL, sha("colours")))).isPositive();
        }
    }
}
