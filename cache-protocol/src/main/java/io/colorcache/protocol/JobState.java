package io.colorcache.protocol;

import java.util.Optional;

/** The life of a job, as stored in the {@code state} field of {@code cc:job:{id}}. */
public enum JobState {
    QUEUED("queued"),
    RUNNING("running"),
    DONE("done"),
    FAILED("failed");

    private final String token;

    JobState(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }

    public static Optional<JobState> fromToken(String token) {
        for (JobState s : values()) {
            if (s.token.equals(token)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
