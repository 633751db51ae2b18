package io.colorcache.gateway.service;

import java.time.Duration;

/** The result did not arrive before the request's deadline; the job goes on. */
public class JobTimeoutException extends RuntimeException {

    private final String jobId;

    public JobTimeoutException(String jobId, Duration deadline) {
        super("no result within " + deadline.toSeconds() + " s; job " + jobId + " is still queued or running");
        this.jobId = jobId;
    }

    public String jobId() {
        return jobId;
    }
}
