package io.colorcache.gateway;

import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.RespClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What an inference worker reads and writes in Redis, done by hand so gateway tests control the timing. */
public final class WorkerSteps {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private WorkerSteps() {
    }

    /** The job message on the interactive stream for the photo {@code sha}, or null while there is none. */
    @SuppressWarnings("unchecked")
    public static JobMessage jobFor(RespClient redis, String sha) {
        for (Object entry : redis.list("XRANGE", KEYS.jobsStream(), "-", "+")) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i < fields.size(); i += 2) {
                map.put((String) fields.get(i), (String) fields.get(i + 1));
            }
            if (sha.equals(map.get("sha256"))) {
                return JobMessage.fromFields(map);
            }
        }
        return null;
    }

    public static void running(RespClient redis, String jobId) {
        redis.hset(KEYS.job(jobId), JobRecord.running("test-worker", System.currentTimeMillis()));
        redis.run("HINCRBY", KEYS.job(jobId), JobRecord.ATTEMPTS, "1");
    }

    public static void done(RespClient redis, String jobId, String resultKey, byte[] result) {
        redis.run("SET", resultKey, result, "EX", "600");
        redis.hset(KEYS.job(jobId), JobRecord.done(System.currentTimeMillis()));
        redis.run("PUBLISH", KEYS.doneChannel(), Completion.succeeded(resultKey, jobId).encode());
    }

    /** As a worker that rendered the result from a near-duplicate's colours; {@code announce} false loses the message. */
    public static void doneNear(RespClient redis, String jobId, String resultKey, byte[] result, boolean announce) {
        redis.run("SET", resultKey, result, "EX", "600");
        redis.hset(KEYS.job(jobId), JobRecord.doneNear(System.currentTimeMillis()));
        if (announce) {
            redis.run("PUBLISH", KEYS.doneChannel(), Completion.near(resultKey, jobId).encode());
        }
    }

    public static void failed(RespClient redis, String jobId, String resultKey, FailureCode code, String detail) {
        redis.hset(KEYS.job(jobId), JobRecord.failed(code, detail, System.currentTimeMillis()));
        redis.run("PUBLISH", KEYS.doneChannel(), Completion.failed(resultKey, jobId, code, detail).encode());
    }
}
