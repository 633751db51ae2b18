package io.colorcache.common.io;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deadline for reading a stream to its end. A blocking read from a server that sends nothing
 * never returns by itself, whatever the socket's connect or header timeouts; at the deadline this
 * closes the stream, which ends the read with an exception, and {@link #expired()} tells the
 * reader why. Closing this before the deadline cancels it.
 */
public final class ReadDeadline implements AutoCloseable {

    private final AtomicBoolean expired = new AtomicBoolean();
    private final CompletableFuture<Void> watchdog;

    private ReadDeadline(Closeable stream, Duration timeout) {
        this.watchdog = CompletableFuture.runAsync(() -> {
            expired.set(true);
            try {
                stream.close();
            } catch (IOException ignored) {
                // Closing is all a deadline can do.
            }
        }, CompletableFuture.delayedExecutor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
    }

    /** Closes {@code stream} once {@code timeout} has passed, unless this is closed first. */
    public static ReadDeadline closing(Closeable stream, Duration timeout) {
        return new ReadDeadline(stream, timeout);
    }

    /** Whether the deadline passed (and closed the stream). */
    public boolean expired() {
        return expired.get();
    }

    @Override
    public void close() {
        watchdog.cancel(false);
    }
}
