package io.colorcache.inference.worker;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the pixels of decoded images alive at once: a job takes a lease for its image's pixels
 * before decoding and gives it back once its result is encoded. An image larger than the whole
 * budget takes all of it, so it still runs, alone.
 */
public final class PixelBudget {

    private final int capacity;
    private final Semaphore permits;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();

    public PixelBudget(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("pixel budget must be positive: " + maxPixels);
        }
        this.capacity = (int) Math.min(maxPixels, Integer.MAX_VALUE);
        this.permits = new Semaphore(capacity, true);
    }

    /** Blocks until {@code pixels} (capped at the whole budget) are free. */
    public Lease acquire(long pixels) throws InterruptedException {
        int wanted = wanted(pixels);
        permits.acquire(wanted);
        return granted(wanted);
    }

    /** The lease now if {@code pixels} (capped at the whole budget) are free, else empty; never waits. */
    public Optional<Lease> tryAcquire(long pixels) {
        int wanted = wanted(pixels);
        return permits.tryAcquire(wanted) ? Optional.of(granted(wanted)) : Optional.empty();
    }

    private int wanted(long pixels) {
        return (int) Math.min(Math.max(pixels, 1), capacity);
    }

    private Lease granted(int pixels) {
        highWater.accumulateAndGet(inUse.addAndGet(pixels), Math::max);
        return new Lease(pixels);
    }

    public long capacity() {
        return capacity;
    }

    public long inUse() {
        return inUse.get();
    }

    /** The most pixels held at once since start. */
    public long highWater() {
        return highWater.get();
    }

    /** Pixels held by one job; closing it twice is harmless. */
    public final class Lease implements AutoCloseable {
        private final int pixels;
        private boolean released;

        private Lease(int pixels) {
            this.pixels = pixels;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                inUse.addAndGet(-pixels);
                permits.release(pixels);
            }
        }
    }
}
