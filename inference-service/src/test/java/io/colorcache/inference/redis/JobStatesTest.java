package io.colorcache.inference.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.inference.DemoModelTestResource;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Who looks for a job's near-duplicate, on a real Redis: one near reader at most, and only while
 * the model's pipeline has not picked the job up; the pipeline learns of a reader's claim in the
 * same step that marks the job running.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = DemoModelTestResource.class, restrictToAnnotatedClass = true)
class JobStatesTest {

    @Inject
    JobStates states;

    @Inject
    KeySchema keys;

    private String queuedJob() {
        String jobId = JobIds.next();
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.hset(keys.job(jobId), Map.of(JobRecord.STATE, JobState.QUEUED.token(), JobRecord.ATTEMPTS, "0"));
        }
        return jobId;
    }

    private String field(String jobId, String field) {
        try (RespClient redis = RedisTestResource.server().client()) {
            return redis.string("HGET", keys.job(jobId), field);
        }
    }

    @Test
    void ofReadersRacingForOneJobExactlyOneClaimsIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            String jobId = queuedJob();
            ExecutorService readers = Executors.newFixedThreadPool(4);
            try {
                List<Callable<Boolean>> claims = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    claims.add(() -> states.lookingForNear(jobId));
                }
                int claimed = 0;
                for (Future<Boolean> claim : readers.invokeAll(claims)) {
                    claimed += claim.get() ? 1 : 0;
                }
                assertThat(claimed).as("round %d", round).isEqualTo(1);
            } finally {
                readers.shutdownNow();
            }
        }
    }

    @Test
    void aJobThePipelineHasPickedUpIsNotClaimedByAReader() {
        String jobId = queuedJob();

        assertThat(states.running(jobId, "worker-a")).as("nobody looked yet").isNull();
        assertThat(states.lookingForNear(jobId)).isFalse();
        assertThat(field(jobId, JobRecord.STATE)).isEqualTo(JobState.RUNNING.token());
        assertThat(field(jobId, JobRecord.ATTEMPTS)).isEqualTo("1");
        assertThat(field(jobId, JobRecord.NEAR)).isNull();
    }

    @Test
    void thePipelineLearnsOfAReadersClaimWhenItMarksTheJobRunning() {
        String jobId = queuedJob();
        assertThat(states.lookingForNear(jobId)).isTrue();

        assertThat(states.running(jobId, "worker-a")).isEqualTo(JobRecord.NEAR_LOOKING);
        states.noNear(jobId);
        assertThat(states.near(jobId)).isEqualTo(JobRecord.NEAR_NONE);
        assertThat(states.lookingForNear(jobId)).as("looked at once already").isFalse();
    }

    @Test
    void aJobWithoutARecordIsNotClaimed() {
        assertThat(states.lookingForNear(JobIds.next())).isFalse();
    }
}
