package io.colorcache.inference.worker;

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
        int wanted = (int) Math.min(Math.max(pixels, 1), capacity);
        permits.acquire(wanted);
        long now = inUse.addAndGet(wanted);
        highWater.accumulateAndGet(now, Math::max);
        return new Lease(wanted);
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
