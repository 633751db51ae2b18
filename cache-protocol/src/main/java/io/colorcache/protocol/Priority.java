package io.colorcache.protocol;

import java.util.Optional;

/** Which stream a job travels on: users waiting, or the cache warmer. */
public enum Priority {
    INTERACTIVE("interactive"),
    WARM("warm");

    private final String token;

    Priority(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static Optional<Priority> fromToken(String token) {
        for (Priority p : values()) {
            if (p.token.equals(token)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
