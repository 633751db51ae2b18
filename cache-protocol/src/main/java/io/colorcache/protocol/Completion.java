package io.colorcache.protocol;

import java.util.Objects;

/**
 * The message published on {@code cc:done} when a job ends:
 * {@code {resultKey} {jobId} ok}, {@code {resultKey} {jobId} ok near} (rendered from a
 * near-duplicate's colours, without the model) or {@code {resultKey} {jobId} failed {code} {detail...}}.
 * The failure code and detail extend DESIGN.md's format so a waiting gateway can answer at
 * once with the right status instead of reading the job hash.
 */
public record Completion(String resultKey, String jobId, boolean ok, boolean near, FailureCode failureCode,
        String detail) {

    private static final String OK = "ok";
    private static final String FAILED = "failed";
    private static final String NEAR = "near";

    public Completion {
        Objects.requireNonNull(resultKey, "resultKey");
        if (resultKey.isEmpty() || resultKey.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("result key must be non-empty and without spaces: " + resultKey);
        }
        if (!JobIds.isValid(jobId)) {
            throw new IllegalArgumentException("invalid job id: " + jobId);
        }
        if (ok) {
            failureCode = null;
            detail = "";
        } else {
            Objects.requireNonNull(failureCode, "failureCode");
            near = false;
            detail = detail == null ? "" : detail.replaceAll("\\s+", " ").strip();
        }
    }

    public static Completion succeeded(String resultKey, String jobId) {
        return new Completion(resultKey, jobId, true, false, null, "");
    }

    /** The result was rendered from a near-duplicate's colours. */
    public static Completion near(String resultKey, String jobId) {
        return new Completion(resultKey, jobId, true, true, null, "");
    }

    public static Completion failed(String resultKey, String jobId, FailureCode code, String detail) {
        return new Completion(resultKey, jobId, false, false, code, detail);
    }

    public String encode() {
        if (ok) {
            return resultKey + " " + jobId + " " + OK + (near ? " " + NEAR : "");
        }
        String base = resultKey + " " + jobId + " " + FAILED + " " + failureCode.token();
        return detail.isEmpty() ? base : base + " " + detail;
    }

    public static Completion decode(String message) {
        if (message == null) {
            throw new MalformedMessageException("empty completion message");
        }
        String[] parts = message.split(" ", 5);
        if (parts.length < 3) {
            throw new MalformedMessageException("completion message has too few parts: " + message);
        }
        try {
            if (OK.equals(parts[2]) && parts.length == 3) {
                return succeeded(parts[0], parts[1]);
            }
            if (OK.equals(parts[2]) && parts.length == 4 && NEAR.equals(parts[3])) {
                return near(parts[0], parts[1]);
            }
            if (FAILED.equals(parts[2])) {
                FailureCode code = parts.length > 3 ? FailureCode.fromToken(parts[3]) : FailureCode.INTERNAL;
                return failed(parts[0], parts[1], code, parts.length > 4 ? parts[4] : "");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("invalid completion message: " + e.getMessage());
        }
        throw new MalformedMessageException("unknown completion status in: " + message);
    }
}
