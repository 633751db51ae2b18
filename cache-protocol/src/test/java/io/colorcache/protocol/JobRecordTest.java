package io.colorcache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's record through its life, written and read only by the codec. */
class JobRecordTest {

    private static final String SHA = "a".repeat(64);
    private static final KeySchema KEYS = new KeySchema("cc:");
    private static final JobMessage JOB = new JobMessage(JobIds.next(),
            KEYS.result(new ModelRef("ddcolor-test", "0123abcd"), OutputFormat.PNG, SHA), KEYS.input(SHA), SHA,
            OutputFormat.PNG, 1_000L, null, Priority.INTERACTIVE, true);

    @Test
    void aJobIsQueuedPlacedRunRetriedAndDone() {
        Map<String, String> hash = new HashMap<>(JobRecord.queued(JOB));
        JobRecord queued = JobRecord.parse(hash).orElseThrow();
        assertThat(queued.state()).isEqualTo(JobState.QUEUED);
        assertThat(queued.isWaitingAt()).as("not on a stream yet").isFalse();
        assertThat(queued.enqueuedAt()).isEqualTo(1_000L);
        assertThat(queued.format()).isEqualTo("png");

        hash.putAll(JobRecord.placed("cc:jobs", "1-0"));
        assertThat(JobRecord.parse(hash).orElseThrow().isWaitingAt()).isTrue();

        hash.putAll(JobRecord.running("worker-a", 2_000L));
        hash.merge(JobRecord.ATTEMPTS, "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
        JobRecord running = JobRecord.parse(hash).orElseThrow();
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.worker()).isEqualTo("worker-a");
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.isWaitingAt()).isFalse();

        hash.putAll(JobRecord.retrying("model crashed"));
        assertThat(JobRecord.parse(hash).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(JobRecord.parse(hash).orElseThrow().error()).isEqualTo("model crashed");

        hash.putAll(JobRecord.done(3_000L));
        JobRecord done = JobRecord.parse(hash).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.state().isFinal()).isTrue();
        assertThat(done.finishedAt()).isEqualTo(3_000L);
        assertThat(done.resultKey()).isEqualTo(JOB.resultKey());
    }

    @Test
    void aFailureKeepsItsCodeAndReason() {
        Map<String, String> hash = new HashMap<>(JobRecord.queued(JOB));
        hash.putAll(JobRecord.failed(FailureCode.UNDECODABLE_IMAGE, null, 5L));
        JobRecord failed = JobRecord.parse(hash).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.failureCode()).isEqualTo(FailureCode.UNDECODABLE_IMAGE);
        assertThat(failed.error()).isEmpty();
    }

    @Test
    void aCachedAnswerIsDoneWithoutAttempts() {
        JobRecord cached = JobRecord.parse(JobRecord.doneFromCache(JOB.resultKey(), JOB.sha256(), OutputFormat.JPEG, 7L))
                .orElseThrow();
        assertThat(cached.state()).isEqualTo(JobState.DONE);
        assertThat(cached.attempts()).isZero();
        assertThat(cached.enqueuedAt()).isEqualTo(cached.finishedAt());
    }

    @Test
    void noFieldsIsNoJob() {
        assertThat(JobRecord.parse(Map.of())).isEmpty();
        assertThat(JobRecord.parse(null)).isEmpty();
    }
}
