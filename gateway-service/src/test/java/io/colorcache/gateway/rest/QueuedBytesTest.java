package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.colorcache.gateway.TestImages;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.RedisScripts;
import io.colorcache.testsupport.RedisTestResource;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Queue admission by bytes: max-queued counted entries only, so a backlog of large uploads could
 * fill Redis's maxmemory and evict everyone's results. Every enqueue now adds its upload's size to
 * the stream's counter in the same script as its XADD; a worker's first acknowledgement of the
 * entry takes it off again; an upload that would take the total over max-queued-bytes gets 503.
 */
@QuarkusTest
@TestProfile(QueuedBytesTest.SmallQueue.class)
@QuarkusTestResource(RedisTestResource.class)
class QueuedBytesTest {

    private static final int MAX_QUEUED_BYTES = 200_000;

    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("colorcache.gateway.max-queued-bytes", Integer.toString(MAX_QUEUED_BYTES));
        }
    }

    @Inject
    KeySchema keys;

    @Test
    void admissionCountsQueuedInputBytesExactlyUntilAWorkerAcknowledges() {
        String stream = keys.jobsStream();
        String counter = keys.queuedBytes(stream);
        try (RespClient redis = RedisTestResource.server().client()) {
            redis.run("DEL", counter);
            List<byte[]> uploads = new ArrayList<>();
            List<String> jobIds = new ArrayList<>();
            long queued = 0;
            for (int seed = 0; ; seed++) {
                byte[] upload = TestImages.encoded("png", 160, 120, 7100 + seed);
                if (queued + upload.length > MAX_QUEUED_BYTES) {
                    given().contentType("image/png").body(upload).post("/v1/jobs").then().statusCode(503)
                            .contentType(Problem.MEDIA_TYPE).body("type", equalTo(ProblemType.QUEUE_FULL.uri()));
                    uploads.add(upload);
                    break;
                }
                uploads.add(upload);
                jobIds.add(given().contentType("image/png").body(upload).post("/v1/jobs").then().statusCode(202)
                        .extract().path("id"));
                queued += upload.length;
                assertThat(queuedBytes(redis, counter)).as("counted with its XADD").isEqualTo(queued);
            }
            assertThat(jobIds).as("several jobs fit before the bound").hasSizeGreaterThan(1);

            // A worker acknowledges each job, as JobStream.ack does; acknowledging again counts nothing.
            redis.run("XGROUP", "CREATE", stream, "acks", "0");
            redis.run("XREADGROUP", "GROUP", "acks", "test", "COUNT", "100000", "STREAMS", stream, ">");
            for (int i = 0; i < jobIds.size(); i++) {
                String entry = redis.job(keys.job(jobIds.get(i))).orElseThrow().entry();
                queued -= uploads.get(i).length;
                for (int attempt = 0; attempt < 2; attempt++) {
                    List<Object> ack = new ArrayList<>(List.of("EVAL", RedisScripts.ACK_COUNTED));
                    ack.addAll(RedisScripts.ackCountedArguments(keys, stream, "acks", entry));
                    redis.run(ack.toArray());
                    assertThat(queuedBytes(redis, counter)).isEqualTo(queued);
                }
            }
            assertThat(queued).isZero();
            given().contentType("image/png").body(uploads.get(uploads.size() - 1)).post("/v1/jobs").then()
                    .statusCode(202);
        }
    }

    private static long queuedBytes(RespClient redis, String counter) {
        String value = redis.string("GET", counter);
        return value == null ? 0 : Long.parseLong(value);
    }
}
