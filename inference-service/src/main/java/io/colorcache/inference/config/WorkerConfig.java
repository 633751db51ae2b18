package io.colorcache.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The consumer-group worker on the job streams. */
@ConfigMapping(prefix = "colorcache.worker")
public interface WorkerConfig {

    /** Whether this process consumes jobs at all (off only for tooling and some tests). */
    @WithDefault("true")
    boolean enabled();


    /** Consumer name within the group; default: the HOSTNAME (the pod name on Kubernetes). */
    Optional<String> consumer();

    /** How often the queue-lag gauges ({@code colorcache.inference.queue.lag}) are read from Redis. */
    @WithDefault("5s")
    Duration lagRefreshInterval();

    /** How long one XREADGROUP blocks waiting for new jobs. */
    @WithDefault("2s")
    Duration readBlock();

    /**
     * An entry unacknowledged for this long on a consumer counts as stalled (its worker died or
     * hangs) and is claimed by another worker (XAUTOCLAIM). Keep it well above the longest job.
     */
    @WithDefault("120s")
    Duration visibilityTimeout();

    /** How often this worker looks for stalled entries to claim. */
    @WithDefault("5s")
    Duration reclaimInterval();

    /**
     * Deliveries of one job before it goes to the dead-letter stream and its waiters are told it
     * failed; an image the worker cannot decode fails at its first delivery.
     */
    @WithDefault("3")
    int maxAttempts();

    /**
     * After this many interactive jobs in a row, one job of the warm stream ({@code cc:jobs:warm})
     * goes in: users always come first, yet prewarming never starves.
     */
    @WithDefault("8")
    int warmEvery();

    /** How many stream entries one read fetches at most. */
    @WithDefault("8")
    int readCount();



    /** Quality of JPEG results, in (0, 1]. */
    @WithDefault("0.92")
    float jpegQuality();

    /**
     * Longest one upload may take to decode. A file that takes longer (a hostile one made slow
     * to decode) fails as undecodable at once, instead of holding its worker until the
     * visibility timeout and being claimed by the next one.
     */
    @WithDefault("30s")
    Duration decodeDeadline();

    /**
     * On SIGTERM: how long to finish and acknowledge the jobs in hand before exiting; keep it
     * below the pod's termination grace period.
     */
    @WithDefault("25s")
    Duration shutdownGrace();

    /** Approximate length the dead-letter stream is trimmed to. */
    @WithDefault("10000")
    long deadLetterMaxLen();

    /** Image codecs. */
    Codec codec();

    interface Codec {
        /**
         * Use libjpeg-turbo's TurboJPEG for JPEG when its Java binding is installed (Debian:
         * {@code apt-get install libturbojpeg-java libturbojpeg0-dev}); ImageIO otherwise.
         */
        @WithDefault("true")
        boolean turbojpeg();

        /** Where the TurboJPEG binding's jar is. */
        @WithDefault("/usr/share/java/turbojpeg.jar")
        java.nio.file.Path turbojpegJar();
    }

    /** Dynamic batching: one model run for several jobs. */
    Batch batch();

    /** The stages around the model. */
    Pipeline pipeline();

    interface Batch {
        /** Most jobs in one model run (a model exported with a fixed batch size uses that size). */
        @WithDefault("8")
        int maxSize();

        /** Once a job is ready, how long to wait for more before running a smaller batch. */
        @WithDefault("5ms")
        Duration maxDelay();
    }

    interface Pipeline {
        /** Threads that decode and pre-process the next jobs while the model runs; 0: one per core. */
        @WithDefault("0")
        int prepareThreads();

        /** Threads that post-process, encode and store results; 0: one per core. */
        @WithDefault("0")
        int finishThreads();

        /**
         * Pixels of decoded images held at once across the pipeline (a 12-megapixel photo counts
         * 12,000,000 and takes 36 MB); a burst of large photos waits instead of exhausting the heap.
         */
        @WithDefault("150000000")
        long maxDecodedPixels();
    }
}
