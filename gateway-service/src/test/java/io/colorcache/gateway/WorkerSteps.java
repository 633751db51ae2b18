package io.colorcache.gateway;

import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.KeySchema;
import io.colorcache.testsupport.RespClient;

/** What an inference worker writes to Redis, done by hand so gateway tests control the timing. */
public final class WorkerSteps {

    private static final KeySchema KEYS = new KeySchema("cc:");

    private WorkerSteps() {
    }

    public static void running(RespClient redis, String jobId) {
        redis.call("HSET", KEYS.job(jobId), "state", "running", "startedAt", Long.toString(System.currentTimeMillis()),
                "attempts", "1");
    }

    public static void done(RespClient redis, String jobId, String resultKey, byte[] result) {
        redis.callBytes("SET", resultKey, result, "EX", "600");
        redis.call("HSET", KEYS.job(jobId), "state", "done", "finishedAt", Long.toString(System.currentTimeMillis()));
        redis.call("PUBLISH", KEYS.doneChannel(), Completion.succeeded(resultKey, jobId).encode());
    }

    public static void failed(RespClient redis, String jobId, String resultKey, FailureCode code, String detail) {
        redis.call("HSET", KEYS.job(jobId), "state", "failed", "errorCode", code.token(), "error", detail);
        redis.call("PUBLISH", KEYS.doneChannel(), Completion.failed(resultKey, jobId, code, detail).encode());
    }
}
