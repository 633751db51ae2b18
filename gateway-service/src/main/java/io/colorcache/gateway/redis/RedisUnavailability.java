package io.colorcache.gateway.redis;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * Tells a Redis that cannot serve right now (down, restarting, closing connections, loading its data, failing over)
 * from a genuine bug, so that the first becomes a retryable 503 and only the second a 500.
 */
public final class RedisUnavailability {

    private static final List<String> TRANSIENT_MESSAGES = List.of(
            "Connection refused", "Connection is closed", "CONNECTION_CLOSED", "Connection reset", "Broken pipe");
    private static final List<String> TRANSIENT_REPLY_PREFIXES = List.of("LOADING", "MASTERDOWN", "READONLY", "TRYAGAIN");

    private RedisUnavailability() {
    }

    /** Whether {@code failure}, or anything that caused it, says Redis could not be reached or cannot serve now. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedChannelException
                    || t.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
            String message = t.getMessage();
            if (message != null && (TRANSIENT_MESSAGES.stream().anyMatch(message::contains)
                    || TRANSIENT_REPLY_PREFIXES.stream().anyMatch(message::startsWith))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
