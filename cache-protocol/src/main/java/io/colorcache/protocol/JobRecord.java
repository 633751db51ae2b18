package io.colorcache.protocol;

import java.util.Map;
import java.util.Optional;

/**
 * A job's record, the hash {@code cc:job:{id}}, read and written through this codec by every
 * service: one method per state transition gives the fields it sets, and {@link #parse} reads a
 * whole record back, its state as a {@link JobState}. Times are epoch milliseconds.
 *
 * @param resultKey the result key the job computes
 * @param stream    the stream the job was put on, and {@code entry} its entry id there (absent
 *                  for a job answered from the cache)
 * @param attempts  deliveries to a worker so far
 * @param computations how many times a worker computed and wrote the result (1 unless work
 *                  was duplicated)
 * @param worker    consumer name of the worker that ran it last
 * @param errorCode a failed job's {@link FailureCode} token, and {@code error} its reason (also
 *                  kept from a failed attempt while the job is retried)
 * @param near      whether the result was rendered from a near-duplicate's colours, without the model
 */
public record JobRecord(JobState state, String resultKey, String sha256, String format, String stream, String entry,
        int attempts, int computations, Long enqueuedAt, Long startedAt, Long finishedAt, String worker,
        String errorCode, String error, boolean near) {

    /** Field names of the hash. */
    public static final String STATE = "state";
    public static final String RESULT = "result";
    public static final String STREAM = "stream";
    public static final String ENTRY = "entry";
    public static final String SHA256 = "sha256";
    public static final String FORMAT = "format";
    public static final String ATTEMPTS = "attempts";
    public static final String COMPUTATIONS = "computations";
    public static final String ENQUEUED_AT = "enqueuedAt";
    public static final String STARTED_AT = "startedAt";
    public static final String FINISHED_AT = "finishedAt";
    public static final String WORKER = "worker";
    public static final String ERROR_CODE = "errorCode";
    public static final String ERROR = "error";
    /** The job's entry on the dead-letter stream, once it has one. */
    public static final String DEAD_ENTRY = "deadEntry";
    /**
     * Near-duplicate reuse of the job: {@code looking} while a near reader looks for one,
     * {@code 0} when it found none, {@code 1} when the result was rendered from a near-duplicate's
     * colours, without the model.
     */
    public static final String NEAR = "near";
    public static final String NEAR_LOOKING = "looking";
    public static final String NEAR_NONE = "0";
    public static final String NEAR_REUSED = "1";

    /** The record a hash holds; empty for no fields (an unknown or expired job). */
    public static Optional<JobRecord> parse(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JobRecord(
                JobState.fromToken(fields.get(STATE)).orElse(JobState.QUEUED),
                fields.get(RESULT), fields.get(SHA256), fields.get(FORMAT), fields.get(STREAM), fields.get(ENTRY),
                integer(fields.get(ATTEMPTS)), integer(fields.get(COMPUTATIONS)),
                time(fields.get(ENQUEUED_AT)), time(fields.get(STARTED_AT)), time(fields.get(FINISHED_AT)),
                fields.get(WORKER), fields.get(ERROR_CODE), fields.get(ERROR), NEAR_REUSED.equals(fields.get(NEAR))));
    }

    /** A job about to be put on its stream ({@link #placed} follows the XADD). */
    public static Map<String, String> queued(JobMessage job) {
        return Map.of(
                STATE, JobState.QUEUED.token(),
                RESULT, job.resultKey(),
                SHA256, job.sha256(),
                FORMAT, job.format().token(),
                ENQUEUED_AT, Long.toString(job.enqueuedAt()),
                ATTEMPTS, "0");
    }

    /** Where the job was put: its stream and entry id. */
    public static Map<String, String> placed(String stream, String entryId) {
        return Map.of(STREAM, stream, ENTRY, entryId);
    }

    /** A job answered at once from a cached result, recorded so the job API serves it like any other. */
    public static Map<String, String> doneFromCache(String resultKey, String sha256, OutputFormat format, long now) {
        String at = Long.toString(now);
        return Map.of(STATE, JobState.DONE.token(), RESULT, resultKey, SHA256, sha256, FORMAT, format.token(),
                ENQUEUED_AT, at, FINISHED_AT, at, ATTEMPTS, "0");
    }

    /** Picked up by worker {@code consumer} (the attempt count is incremented beside it). */
    public static Map<String, String> running(String consumer, long now) {
        return Map.of(STATE, JobState.RUNNING.token(), WORKER, consumer, STARTED_AT, Long.toString(now));
    }

    /** Back in the queue after an attempt that failed but may succeed next time; its error is kept. */
    public static Map<String, String> retrying(String error) {
        return Map.of(STATE, JobState.QUEUED.token(), ERROR, error == null ? "" : error);
    }

    public static Map<String, String> done(long now) {
        return Map.of(STATE, JobState.DONE.token(), FINISHED_AT, Long.toString(now));
    }

    /** Done by rendering a near-duplicate's colours onto the photo. */
    public static Map<String, String> doneNear(long now) {
        return Map.of(STATE, JobState.DONE.token(), FINISHED_AT, Long.toString(now), NEAR, NEAR_REUSED);
    }

    public static Map<String, String> failed(FailureCode code, String error, long now) {
        return Map.of(STATE, JobState.FAILED.token(), ERROR_CODE, code.token(), ERROR, error == null ? "" : error,
                FINISHED_AT, Long.toString(now));
    }

    /** A failed job's failure code ({@code internal} when the record has none it knows). */
    public FailureCode failureCode() {
        return FailureCode.fromToken(errorCode);
    }

    /** Whether the job waits on a stream entry whose position can be told. */
    public boolean isWaitingAt() {
        return state == JobState.QUEUED && stream != null && entry != null;
    }

    private static int integer(String value) {
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static Long time(String millis) {
        return millis == null ? null : Long.valueOf(millis);
    }
}
