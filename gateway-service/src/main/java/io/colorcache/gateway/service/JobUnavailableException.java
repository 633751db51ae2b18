package io.colorcache.gateway.service;

/** The job API cannot give what was asked for this job. */
public class JobUnavailableException extends RuntimeException {

    /** Why; the REST layer maps each to a status. */
    public enum Reason {
        /** No such job: never existed, or its state expired. */
        UNKNOWN,
        /** Queued or running: come back later. */
        NOT_DONE,
        /** Done, but the result has since left the cache. */
        RESULT_EXPIRED
    }

    private final String jobId;
    private final Reason reason;

    public JobUnavailableException(String jobId, Reason reason, String message) {
        super(message, null, false, false);
        this.jobId = jobId;
        this.reason = reason;
    }

    public static JobUnavailableException unknown(String jobId) {
        return new JobUnavailableException(jobId, Reason.UNKNOWN, "no job " + jobId + " (unknown or expired)");
    }

    public String jobId() {
        return jobId;
    }

    public Reason reason() {
        return reason;
    }
}
