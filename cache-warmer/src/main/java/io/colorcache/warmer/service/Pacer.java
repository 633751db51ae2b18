package io.colorcache.warmer.service;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces enqueues at most {@code rate} per second and holds them while the interactive lag is
 * above its threshold, within the run's time budget.
 */
final class Pacer {

    private final long intervalNanos;
    private final long pauseAboveLag;
    private final long pollMillis;
    private final LongSupplier lag;
    private final long deadline;
    private long nextAt;
    private long pausedNanos;

    /**
     * @param lag the interactive lag now, read as often as the pacer needs it
     */
    Pacer(double rate, long pauseAboveLag, Duration poll, LongSupplier lag, Duration budget) {
        this.intervalNanos = (long) (1e9 / rate);
        this.pauseAboveLag = pauseAboveLag;
        this.pollMillis = Math.max(1, poll.toMillis());
        this.lag = lag;
        long now = System.nanoTime();
        this.deadline = now + budget.toNanos();
        this.nextAt = now;
    }

    /** Waits for the next slot; false when the time budget ran out first. */
    boolean awaitSlot() throws InterruptedException {
        long now = System.nanoTime();
        if (nextAt > now) {
            if (nextAt >= deadline) {
                return false;
            }
            sleepNanos(nextAt - now);
        }
        if (lag.getAsLong() > pauseAboveLag && !pause()) {
            return false;
        }
        now = System.nanoTime();
        if (now >= deadline) {
            return false;
        }
        nextAt = Math.max(nextAt, now) + intervalNanos;
        return true;
    }

    /** Sleeps until the lag is back under its threshold; false when the budget ran out first. */
    private boolean pause() throws InterruptedException {
        long start = System.nanoTime();
        try {
            do {
                if (System.nanoTime() + pollMillis * 1_000_000 >= deadline) {
                    return false;
                }
                Thread.sleep(pollMillis);
            } while (lag.getAsLong() > pauseAboveLag);
            return true;
        } finally {
            pausedNanos += System.nanoTime() - start;
        }
    }

    long pausedMillis() {
        return pausedNanos / 1_000_000;
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
}
