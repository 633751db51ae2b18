package io.colorcache.testsupport;

import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.protocol.RedisScripts;
import io.colorcache.protocol.Sha256;

/**
 * Puts a job on the interactive stream the way the gateway does, without a gateway: the
 * single-flight lock, the upload, the job's state hash, then the stream entry counted in the
 * stream's queued bytes.
 */
public final class QueuedJobs {

    private QueuedJobs() {
    }

    /** A job on the stream: its id and the key its result will have. */
    public record Queued(String jobId, String resultKey) {
    }

    public static Queued enqueue(RespClient redis, KeySchema keys, ModelRef model, byte[] upload, OutputFormat format) {
        return enqueue(redis, keys, model, upload, format, true);
    }

    /** @param nearAllowed false as for a request with {@code match=exact} */
    public static Queued enqueue(RespClient redis, KeySchema keys, ModelRef model, byte[] upload, OutputFormat format,
            boolean nearAllowed) {
        return enqueue(redis, keys, model, upload, format, nearAllowed, "");
    }

    /** @param traceparent the W3C trace context the gateway's message would carry ("" for none) */
    public static Queued enqueue(RespClient redis, KeySchema keys, ModelRef model, byte[] upload, OutputFormat format,
            boolean nearAllowed, String traceparent) {
        String sha = Sha256.hex(upload);
        JobMessage job = new JobMessage(JobIds.next(), keys.result(model, format, sha), keys.input(sha), sha, format,
                System.currentTimeMillis(), traceparent, Priority.INTERACTIVE, nearAllowed);
        redis.run("SET", keys.lock(job.resultKey()), job.jobId(), "PX", "600000");
        // As the gateway: an upload already retained for longer keeps its lifetime.
        redis.run("EVAL", RedisScripts.KEEP_AT_LEAST, "1", job.inputKey(), "3600000", upload);
        redis.hset(keys.job(job.jobId()), JobRecord.queued(job));
        java.util.List<Object> script = new java.util.ArrayList<>(java.util.List.of("EVAL", RedisScripts.ENQUEUE_COUNTED));
        script.addAll(RedisScripts.enqueueCountedArguments(keys, keys.jobsStream(), 100_000, upload.length, job.toFields()));
        String entry = redis.string(script.toArray());
        redis.hset(keys.job(job.jobId()), JobRecord.placed(keys.jobsStream(), entry));
        return new Queued(job.jobId(), job.resultKey());
    }
}
