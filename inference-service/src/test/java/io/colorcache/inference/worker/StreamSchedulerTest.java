package io.colorcache.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.inference.redis.JobStream;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which stream entries come from, against a real Redis (the worker itself is off here). */
@QuarkusTest
@TestProfile(StreamSchedulerTest.WorkerOff.class)
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class StreamSchedulerTest {

    private static final String JOBS = "sched:jobs";
    private static final String WARM = "sched:jobs:warm";
    private static final String GROUP = "inference";

    public static class WorkerOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.worker.enabled", "false");
        }
    }

    @Inject
    JobStream streams;

    private final AtomicInteger warmInFlight = new AtomicInteger();

    @BeforeEach
    void freshStreams() {
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("DEL", JOBS, WARM);
        }
        streams.ensureGroup(JOBS, GROUP);
        streams.ensureGroup(WARM, GROUP);
        warmInFlight.set(0);
    }

    private StreamScheduler scheduler(int warmEvery, int maxWarmInFlight) {
        return new StreamScheduler(streams, GROUP, "c1", JOBS, WARM, warmEvery, Duration.ofMillis(100),
                () -> maxWarmInFlight - warmInFlight.get());
    }

    private static void add(String stream, int count) {
        try (RespClient redis = RedisTestResource.server().client()) {
            for (int i = 0; i < count; i++) {
                redis.run("XADD", stream, "*", "n", Integer.toString(i));
            }
        }
    }

    private static List<String> origins(List<StreamMessage<String, String, String>> entries) {
        List<String> origins = new ArrayList<>();
        for (StreamMessage<String, String, String> entry : entries) {
            origins.add(entry.key().equals(JOBS) ? "I" : "W");
        }
        return origins;
    }

    @Test
    void interactiveComesFirstAndWarmGetsOneSlotAfterEveryEight() {
        add(WARM, 20);
        add(JOBS, 30);
        StreamScheduler scheduler = scheduler(8, 8);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.addAll(origins(scheduler.next(4)));
        }
        // 24 entries while both streams are busy: 8 interactive, 1 warm, 8 interactive, 1 warm...
        assertThat(String.join("", order)).isEqualTo("IIIIIIII" + "W" + "IIIIIIII" + "W" + "IIIIII");
    }

    @Test
    void spareRoomGoesToWarmWorkButNeverMoreThanOneBatchInFlight() {
        add(WARM, 20);
        add(JOBS, 2);
        StreamScheduler scheduler = scheduler(8, 4);
        assertThat(origins(scheduler.next(8))).as("at most 4 warm in flight").containsExactly("I", "I", "W", "W", "W", "W");
        warmInFlight.set(4);
        add(JOBS, 1);
        assertThat(origins(scheduler.next(8))).as("warm in flight at its limit").containsExactly("I");
    }

    @Test
    void waitsOnBothStreamsWhenIdle() {
        StreamScheduler scheduler = scheduler(8, 8);
        assertThat(scheduler.next(4)).isEmpty();
        add(WARM, 1);
        assertThat(origins(scheduler.next(4))).containsExactly("W");
    }
}
