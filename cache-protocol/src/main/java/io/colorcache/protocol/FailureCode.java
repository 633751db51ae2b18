package io.colorcache.protocol;

/** Why a job failed, as the waiting gateway needs to know it to choose a status code. */
public enum FailureCode {
    /** The upload passed the gateway's checks but the worker could not decode it. */
    UNDECODABLE_IMAGE("undecodable-image", "the worker could not decode this image, although it passed the"
            + " gateway's checks (a variant not supported, or damage past the headers)"),
    /** The input bytes were gone from Redis (expired or evicted) when the worker looked. */
    INPUT_MISSING("input-missing", "the upload was gone from the queue when a worker took the job; submit it again"),
    /** The job message names keys the worker would not derive itself from its model, format and SHA-256. */
    INVALID_JOB("invalid-job", "the worker refused the job's message"),
    /** Anything else: model failure, Redis error, a bug. */
    INTERNAL("internal", "the worker failed; its log has the cause under this job's id");

    private final String token;
    private final String publicDetail;

    FailureCode(String token, String publicDetail) {
        this.token = token;
        this.publicDetail = publicDetail;
    }

    public String token() {
        return token;
    }

    /**
     * What a client is told: stable and free of the worker's exception text (which may name
     * files, hosts or library internals); the worker logs that text with the job id.
     */
    public String publicDetail() {
        return publicDetail;
    }

    /** Whether another attempt cannot succeed, so the job fails at once instead of being retried. */
    public boolean isPermanent() {
        return this != INTERNAL;
    }

    /** Unknown tokens, from a newer worker for instance, read as {@link #INTERNAL}. */
    public static FailureCode fromToken(String token) {
        for (FailureCode code : values()) {
            if (code.token.equals(token)) {
                return code;
            }
        }
        return INTERNAL;
    }
}
