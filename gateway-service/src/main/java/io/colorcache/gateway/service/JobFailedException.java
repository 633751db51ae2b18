package io.colorcache.gateway.service;

import io.colorcache.protocol.FailureCode;

/** The worker reported that the job failed. */
public class JobFailedException extends RuntimeException {

    private final String jobId;
    private final FailureCode code;

    public JobFailedException(String jobId, FailureCode code, String detail) {
        super(detail == null || detail.isBlank() ? "the job failed" : detail);
        this.jobId = jobId;
        this.code = code;
    }

    public String jobId() {
        return jobId;
    }

    public FailureCode code() {
        return code;
    }
}
