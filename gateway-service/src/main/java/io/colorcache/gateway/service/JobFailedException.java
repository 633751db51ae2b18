package io.colorcache.gateway.service;

import io.colorcache.protocol.FailureCode;

/**
 * The job failed. Its message is the code's public detail, never the worker's own text (which
 * stays in the worker's log and the job's record in Redis).
 */
public class JobFailedException extends RuntimeException {

    private final String jobId;
    private final FailureCode code;

    public JobFailedException(String jobId, FailureCode code) {
        super(code.publicDetail());
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
