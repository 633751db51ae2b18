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

    /** Consumer group shared by every inference replica. */
    @WithDefault("inference")
    String group();

    /** Consumer name within the group; default: the HOSTNAME (the pod name on Kubernetes). */
    Optional<String> consumer();

    /** How long one XREADGROUP blocks waiting for new jobs. */
    @WithDefault("2s")
    Duration readBlock();

    /** How many stream entries one read fetches at most. */
    @WithDefault("8")
    int readCount();

    /** Lifetime of a job's state hash after the job ends. */
    @WithDefault("1d")
    Duration jobTtl();

    /** Largest image, in pixels, the worker decodes (a guard behind the gateway's own check). */
    @WithDefault("50000000")
    long maxPixels();

    /** Quality of JPEG results, in (0, 1]. */
    @WithDefault("0.92")
    float jpegQuality();

    /** Approximate length the dead-letter stream is trimmed to. */
    @WithDefault("10000")
    long deadLetterMaxLen();
}
