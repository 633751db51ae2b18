package io.colorcache.protocol;

import java.util.Map;

/** Field names of the job state hash {@code cc:job:{id}}. */
public final class JobHash {

    /** {@link JobState} token. */
    public static final String STATE = "state";
    /** The result key the job computes. */
    public static final String RESULT = "result";
    /** The stream the job was put on, and its entry id there. */
    public static final String STREAM = "stream";
    public static final String ENTRY = "entry";
    /** SHA-256 of the input. */
    public static final String SHA256 = "sha256";
    /** Output format token. */
    public static final String FORMAT = "format";
    /** Number of deliveries to a worker so far. */
    public static final String ATTEMPTS = "attempts";
    /** How many times a worker computed and wrote the result (1 unless work was duplicated). */
    public static final String COMPUTATIONS = "computations";
    /** Epoch milliseconds: enqueued, picked up by a worker, finished. */
    public static final String ENQUEUED_AT = "enqueuedAt";
    public static final String STARTED_AT = "startedAt";
    public static final String FINISHED_AT = "finishedAt";
    /** The consumer name of the worker that ran it last. */
    public static final String WORKER = "worker";
    /** {@link FailureCode} token and human-readable reason of a failed job. */
    public static final String ERROR_CODE = "errorCode";
    public static final String ERROR = "error";

    private JobHash() {
    }

    /** The state hash of a job about to be put on its stream (stream and entry are added after XADD). */
    public static Map<String, String> queued(JobMessage job) {
        return Map.of(
                STATE, JobState.QUEUED.token(),
                RESULT, job.resultKey(),
                SHA256, job.sha256(),
                FORMAT, job.format().token(),
                ENQUEUED_AT, Long.toString(job.enqueuedAt()),
                ATTEMPTS, "0");
    }
}
