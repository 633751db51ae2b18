package io.colorcache.protocol;

/** Why a job failed, as the waiting gateway needs to know it to choose a status code. */
public enum FailureCode {
    /** The upload passed the gateway's checks but the worker could not decode it. */
    UNDECODABLE_IMAGE("undecodable-image"),
    /** The input bytes were gone from Redis (expired or evicted) when the worker looked. */
    INPUT_MISSING("input-missing"),
    /** Anything else: model failure, Redis error, a bug. */
    INTERNAL("internal");

    private final String token;

    FailureCode(String token) {
        this.token = token;
    }

    public String token() {
        return token;
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
