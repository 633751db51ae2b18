package io.colorcache.inference.worker;

import io.colorcache.inference.pipeline.ImageCodec;
import io.colorcache.inference.pipeline.Photo;
import io.colorcache.inference.pipeline.UndecodableImageException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decodes an upload within a deadline. Decoders cannot be interrupted, so a decode past its
 * deadline is abandoned, not stopped: the job fails at once, and the pixels the decode holds stay
 * counted ({@code onEnd}) until it really ends, on its own thread.
 */
final class DeadlineDecoder implements AutoCloseable {

    private final ImageCodec codec;
    private final Duration deadline;
    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("decoder-", 0).factory());

    DeadlineDecoder(ImageCodec codec, Duration deadline) {
        this.codec = codec;
        this.deadline = deadline;
    }

    /** Thrown when the deadline passed; the decode goes on and runs {@code onEnd} when it ends. */
    static final class Overran extends UndecodableImageException {
        Overran(String message) {
            super(message);
        }
    }

    /**
     * @param onEnd run once the decode has ended, when it overran (else the caller owns what it holds)
     */
    Photo decode(byte[] bytes, Runnable onEnd) throws UndecodableImageException, InterruptedException {
        CompletableFuture<Photo> decoding = CompletableFuture.supplyAsync(() -> {
            try {
                return codec.decodePhoto(bytes);
            } catch (UndecodableImageException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, threads);
        try {
            return decoding.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            decoding.whenComplete((photo, failure) -> onEnd.run());
            throw new Overran("decoding took longer than " + deadline + "; the file is too costly to decode");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UndecodableImageException undecodable) {
                throw undecodable;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
