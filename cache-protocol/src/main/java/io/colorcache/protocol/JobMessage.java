package io.colorcache.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as it travels on a job stream. {@link #toFields()} and {@link #fromFields(Map)} are
 * the codec between this record and the stream entry's field/value pairs.
 *
 * @param jobId       the job's id, also the suffix of its state hash {@code cc:job:{id}}
 * @param resultKey   where the worker writes the encoded result
 * @param inputKey    where the worker reads the original upload
 * @param sha256      SHA-256 of the upload, lower-case hex
 * @param format      the output encoding
 * @param enqueuedAt  epoch milliseconds when the job was put on the stream
 * @param traceparent W3C trace context of the request that created the job; empty when none or
 *                    not a valid one ({@link TraceParent})
 * @param priority    which stream the job belongs to
 * @param nearAllowed whether the worker may answer with colours reused from a near-duplicate of
 *                    the photo; false when the request asked for {@code match=exact}
 */
public record JobMessage(
        String jobId,
        String resultKey,
        String inputKey,
        String sha256,
        OutputFormat format,
        long enqueuedAt,
        String traceparent,
        Priority priority,
        boolean nearAllowed) {

    /** The version of this message layout; a worker rejects versions it does not know. */
    public static final int FORMAT_VERSION = 1;

    static final String F_VERSION = "v";
    static final String F_JOB = "job";
    static final String F_RESULT = "result";
    static final String F_INPUT = "input";
    static final String F_SHA = "sha256";
    static final String F_FORMAT = "format";
    static final String F_ENQUEUED = "enqueued";
    static final String F_TRACEPARENT = "traceparent";
    static final String F_PRIORITY = "priority";
    /** Optional: {@code exact} forbids near-duplicate reuse; absent (older gateways) allows it. */
    static final String F_MATCH = "match";
    static final String MATCH_EXACT = "exact";
    /**
     * The entry field with the job's input size in bytes, written and read by the counting scripts
     * ({@link RedisScripts#ENQUEUE_COUNTED}) beside the message's own fields; not part of the message.
     */
    public static final String QUEUED_BYTES_FIELD = "bytes";

    public JobMessage {
        if (!JobIds.isValid(jobId)) {
            throw new IllegalArgumentException("invalid job id: " + jobId);
        }
        Objects.requireNonNull(resultKey, "resultKey");
        Objects.requireNonNull(inputKey, "inputKey");
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("invalid sha256: " + sha256);
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(priority, "priority");
        traceparent = TraceParent.orEmpty(traceparent);
    }

    public Map<String, String> toFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(F_VERSION, Integer.toString(FORMAT_VERSION));
        fields.put(F_JOB, jobId);
        fields.put(F_RESULT, resultKey);
        fields.put(F_INPUT, inputKey);
        fields.put(F_SHA, sha256);
        fields.put(F_FORMAT, format.token());
        fields.put(F_ENQUEUED, Long.toString(enqueuedAt));
        fields.put(F_TRACEPARENT, traceparent);
        fields.put(F_PRIORITY, priority.token());
        if (!nearAllowed) {
            fields.put(F_MATCH, MATCH_EXACT);
        }
        return fields;
    }

    /** The job id a stream entry names, when it names a valid one (also in an entry that does not parse). */
    public static Optional<String> jobIdIn(Map<String, String> fields) {
        return Optional.ofNullable(fields.get(F_JOB)).filter(JobIds::isValid);
    }

    /**
     * Decodes a stream entry.
     *
     * @throws MalformedMessageException when a field is missing or invalid, or the version is unknown
     */
    public static JobMessage fromFields(Map<String, String> fields) {
        String version = required(fields, F_VERSION);
        if (!Integer.toString(FORMAT_VERSION).equals(version)) {
            throw new MalformedMessageException("unsupported job message version " + version);
        }
        try {
            return new JobMessage(
                    required(fields, F_JOB),
                    required(fields, F_RESULT),
                    required(fields, F_INPUT),
                    required(fields, F_SHA),
                    OutputFormat.fromToken(required(fields, F_FORMAT))
                            .orElseThrow(() -> new MalformedMessageException("unknown format " + fields.get(F_FORMAT))),
                    Long.parseLong(required(fields, F_ENQUEUED)),
                    fields.getOrDefault(F_TRACEPARENT, ""),
                    Priority.fromToken(required(fields, F_PRIORITY))
                            .orElseThrow(() -> new MalformedMessageException("unknown priority " + fields.get(F_PRIORITY))),
                    !MATCH_EXACT.equals(fields.get(F_MATCH)));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("invalid job message: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new MalformedMessageException("job message lacks field '" + name + "'");
        }
        return value;
    }
}
