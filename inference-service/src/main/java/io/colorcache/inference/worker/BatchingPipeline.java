package io.colorcache.inference.worker;

import io.colorcache.inference.model.OnnxColorizer;
import io.colorcache.inference.pipeline.DdcolorPostprocessor;
import io.colorcache.inference.pipeline.DdcolorPreprocessor;
import io.colorcache.protocol.FailureCode;
import io.quarkus.logging.Log;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Three overlapping stages around one model, in the manner of Triton's dynamic batcher:
 * <ol>
 *   <li>prepare (a pool): fetch, decode and pre-process jobs while the model is busy;</li>
 *   <li>model (one thread): take the first ready job, wait up to {@code maxDelay} for up to
 *       {@code maxBatch - 1} more, and run them as one [N,3,S,S] call;</li>
 *   <li>finish (a pool): post-process, encode, store and announce each result.</li>
 * </ol>
 * At most {@link #capacity()} deliveries are inside at once ({@link #submit} blocks beyond
 * that), and decoded images are bounded in pixels by the processor's {@link PixelBudget}.
 */
final class BatchingPipeline implements AutoCloseable {

    /** Told once per delivery how it left the pipeline. */
    interface Sink {
        /** The job's attempt ended: acknowledge it, or release it for a retry. */
        void ended(Delivery delivery, JobProcessor.Outcome outcome);

        /** Dropped unfinished (the worker is stopping, or Redis failed): it stays pending in the stream. */
        void abandoned(Delivery delivery);
    }

    private record Item(Delivery delivery, JobProcessor.Ready ready) {
    }

    private final OnnxColorizer model;
    private final JobProcessor processor;
    private final InferenceMetrics metrics;
    private final Sink sink;
    private final String consumer;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final int capacity;
    private final Semaphore free;
    private final DdcolorPreprocessor pre;
    private final DdcolorPostprocessor post;
    private final ExecutorService prepare;
    private final ExecutorService finish;
    private final BlockingQueue<Item> ready = new LinkedBlockingQueue<>();
    private final FloatBuffer batchInput;
    private final Thread modelThread;
    private volatile boolean closed;

    BatchingPipeline(OnnxColorizer model, int maxBatch, Duration maxDelay, int prepareThreads, int finishThreads,
            JobProcessor processor, InferenceMetrics metrics, String consumer, Sink sink) {
        this.model = model;
        this.processor = processor;
        this.metrics = metrics;
        this.sink = sink;
        this.consumer = consumer;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.capacity = 2 * maxBatch + prepareThreads + finishThreads;
        this.free = new Semaphore(capacity);
        this.pre = new DdcolorPreprocessor(model.size());
        this.post = new DdcolorPostprocessor(model.size());
        this.prepare = Executors.newFixedThreadPool(prepareThreads, Thread.ofPlatform().name("prepare-", 0).factory());
        this.finish = Executors.newFixedThreadPool(finishThreads, Thread.ofPlatform().name("finish-", 0).factory());
        this.batchInput = ByteBuffer.allocateDirect(maxBatch * model.inputLength() * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.modelThread = Thread.ofPlatform().name("model").start(this::modelLoop);
    }

    /** How many deliveries may be inside at once. */
    int capacity() {
        return capacity;
    }

    /** How many more deliveries can be taken now without blocking. */
    int room() {
        return free.availablePermits();
    }

    /**
     * Waits until at least one more delivery fits, or {@code timeout} passes; true when one does.
     * Only the reader submits, so the room it sees stays until it submits.
     */
    boolean awaitRoom(Duration timeout) throws InterruptedException {
        if (!free.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        free.release();
        return true;
    }

    /** Blocks until no delivery is inside. */
    void awaitIdle() throws InterruptedException {
        free.acquire(capacity);
        free.release(capacity);
    }

    /** Hands a delivery in; blocks while the pipeline is full. */
    void submit(Delivery delivery) throws InterruptedException {
        free.acquire();
        prepare.execute(() -> prepare(delivery));
    }

    private void prepare(Delivery delivery) {
        JobProcessor.Prepared prepared;
        try {
            prepared = processor.prepare(delivery.job(), pre, consumer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon(delivery);
            return;
        } catch (RuntimeException e) {
            Log.errorf(e, "Preparing job %s failed", delivery.job().jobId());
            abandon(delivery);
            return;
        }
        switch (prepared) {
            case JobProcessor.Ready r -> ready.add(new Item(delivery, r));
            case JobProcessor.Ended e -> end(delivery, e.outcome());
        }
    }

    private void modelLoop() {
        List<Item> batch = new ArrayList<>(maxBatch);
        while (!closed || !ready.isEmpty()) {
            try {
                Item first = ready.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxDelayNanos;
                while (batch.size() < maxBatch) {
                    Item next = ready.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Item> batch) {
        int n = batch.size();
        float[] ab;
        long start = System.nanoTime();
        Instant began = Instant.now();
        try {
            batchInput.clear();
            for (Item item : batch) {
                batchInput.put(item.ready().input());
            }
            batchInput.flip();
            ab = model.run(batchInput, n);
        } catch (RuntimeException e) {
            Log.errorf(e, "Model run on a batch of %d failed", n);
            for (Item item : batch) {
                JobProcessor.Outcome outcome;
                try {
                    outcome = processor.fail(item.ready(), FailureCode.INTERNAL, "model run failed: " + e.getMessage());
                } catch (RuntimeException recording) {
                    outcome = new JobProcessor.Outcome(false, FailureCode.INTERNAL, recording.toString());
                }
                end(item.delivery(), outcome);
            }
            return;
        }
        metrics.modelRun(n, System.nanoTime() - start);
        processor.modelRan(batch.stream().map(Item::ready).toList(), began, Instant.now());
        int outputLength = model.outputLength();
        for (int i = 0; i < n; i++) {
            Item item = batch.get(i);
            int offset = i * outputLength;
            finish.execute(() -> end(item.delivery(), finishSafely(item, ab, offset)));
        }
    }

    /** The outcome of finishing, also when recording it failed (Redis gone): the delivery must still end. */
    private JobProcessor.Outcome finishSafely(Item item, float[] ab, int offset) {
        try {
            return processor.finish(item.ready(), ab, offset, post);
        } catch (RuntimeException e) {
            item.ready().lease().close();
            Log.errorf(e, "Finishing job %s failed", item.delivery().job().jobId());
            return new JobProcessor.Outcome(false, FailureCode.INTERNAL, e.toString());
        }
    }

    private void end(Delivery delivery, JobProcessor.Outcome outcome) {
        try {
            sink.ended(delivery, outcome);
        } catch (RuntimeException e) {
            Log.errorf(e, "Acknowledging job %s failed; it stays pending", delivery.job().jobId());
        } finally {
            release();
        }
    }

    private void abandon(Delivery delivery) {
        try {
            sink.abandoned(delivery);
        } finally {
            release();
        }
    }

    private void release() {
        free.release();
    }

    /**
     * Stops after the deliveries already inside have ended (or {@code grace} has passed); what
     * has not ended stays unacknowledged in the stream for another worker.
     */
    boolean drain(Duration grace) throws InterruptedException {
        boolean drained = free.tryAcquire(capacity, grace.toMillis(), TimeUnit.MILLISECONDS);
        if (drained) {
            free.release(capacity);
        }
        return drained;
    }

    @Override
    public void close() {
        closed = true;
        prepare.shutdownNow();
        try {
            modelThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finish.shutdownNow();
    }
}
