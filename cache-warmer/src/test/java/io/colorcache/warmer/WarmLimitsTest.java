package io.colorcache.warmer;

import static io.colorcache.warmer.WarmerFixture.freqKey;
import static io.colorcache.warmer.WarmerFixture.jpeg;
import static io.colorcache.warmer.WarmerFixture.storeInput;
import static io.colorcache.warmer.WarmerFixture.summary;
import static io.colorcache.warmer.WarmerFixture.warmJobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run's bounds: jobs per run, enqueue rate, and the pause while users' jobs wait. */
@QuarkusMainTest
@TestProfile(WarmLimitsTest.Limits.class)
class WarmLimitsTest extends RedisBackedLaunchTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    /** 3 jobs per run, 10 per second, paused above 2 waiting interactive jobs, 1.5 s per run. */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "colorcache.warmer.budget.max-jobs", "3",
                    "colorcache.warmer.rate", "10",
                    "colorcache.warmer.pause-above-lag", "2",
                    "colorcache.warmer.lag-poll-interval", "100ms",
                    "colorcache.warmer.budget.max-duration", "1500ms");
        }
    }

    @BeforeEach
    void fiveColdHotPhotos() {
        try (RespClient redis = redisServer.client()) {
            redis.run("FLUSHALL");
            redis.run("CONFIG", "RESETSTAT");
            for (int i = 0; i < 5; i++) {
                String sha = storeInput(redis, jpeg(100 + i), Duration.ofDays(7));
                redis.run("ZADD", freqKey(0), Integer.toString(10 - i), sha);
            }
        }
    }

    @Test
    void aRunEnqueuesAtMostItsBudgetAtTheConfiguredRate(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult result = launcher.launch();

        assertThat(result.exitCode()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("candidates").asInt()).isEqualTo(5);
        assertThat(summary.get("enqueued").asInt()).isEqualTo(3);
        assertThat(summary.get("skippedBudget").asInt()).isEqualTo(2);
        assertThat(summary.get("durationMs").asLong()).as("3 jobs at 10/s: two intervals of 100 ms at least")
                .isGreaterThanOrEqualTo(200);
        try (RespClient redis = redisServer.client()) {
            assertThat(warmJobs(redis)).hasSize(3);
        }
    }

    @Test
    void enqueueingWaitsWhileUsersJobsQueueUpAndGivesUpAtTheTimeBudget(QuarkusMainLauncher launcher) throws Exception {
        threeUsersJobsWaiting();

        LaunchResult result = launcher.launch();

        assertThat(result.exitCode()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("enqueued").asInt()).isZero();
        assertThat(summary.get("skippedBudget").asInt()).isEqualTo(5);
        assertThat(summary.get("pausedMs").asLong()).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void enqueueingResumesOnceTheWorkersCatchUp(QuarkusMainLauncher launcher) throws Exception {
        threeUsersJobsWaiting();
        // The worker catches up once the warmer has read the lag a few times, i.e. is pausing.
        CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
            try (RespClient redis = redisServer.client()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (lagReads(redis) < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                redis.run("XREADGROUP", "GROUP", "inference", "test-worker", "COUNT", "10", "STREAMS", KEYS.jobsStream(), ">");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        LaunchResult result = launcher.launch();
        worker.join();

        JsonNode summary = summary(result);
        assertThat(summary.get("enqueued").asInt()).isEqualTo(3);
        assertThat(summary.get("pausedMs").asLong()).isGreaterThanOrEqualTo(200);
    }

    /** Three entries on the interactive stream that no worker has read: a lag of 3. */
    private static void threeUsersJobsWaiting() {
        try (RespClient redis = redisServer.client()) {
            redis.run("XGROUP", "CREATE", KEYS.jobsStream(), "inference", "0", "MKSTREAM");
            for (int i = 0; i < 3; i++) {
                redis.run("XADD", KEYS.jobsStream(), "*", "job", Integer.toString(i));
            }
        }
    }

    /** How many times Redis has answered XINFO (GROUPS: Redis 7 counts subcommands apart, 6.2 does not). */
    private static long lagReads(RespClient redis) {
        String stats = redis.string("INFO", "commandstats").toString();
        Matcher calls = Pattern.compile("cmdstat_xinfo(\\|groups)?:calls=(\\d+)").matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(2)) : 0;
    }
}
