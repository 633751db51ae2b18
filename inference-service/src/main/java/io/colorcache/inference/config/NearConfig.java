package io.colorcache.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Near-duplicate reuse: a photo whose perceptual signature matches one already computed is
 * rendered from that photo's stored colours and its own lightness, without the model.
 */
@ConfigMapping(prefix = "colorcache.near")
public interface NearConfig {

    /**
     * Whether this deployment reuses colours of near-duplicates at all; when off, computed photos
     * are still indexed, so turning it on later finds them.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Hamming distance, in bits of the 64-bit perceptual hash, within which a photo is a candidate
     * (0 to 7; 4 to 7 cost the same 68 probes). bench/README.md: the farthest re-encode or resize
     * of the benchmark was 6 bits from its original.
     */
    @WithDefault("7")
    int radius();

    /**
     * The least Pearson correlation between the standardised 64 x 64 gray thumbnails of the upload
     * and a candidate for the candidate's colours to be reused.
     */
    @WithDefault("0.95")
    double minCorrelation();

    /** The largest relative difference between the two photos' aspect ratios (width / height). */
    @WithDefault("0.03")
    double aspectTolerance();

    /** Candidates verified per lookup at most, nearest first. */
    @WithDefault("8")
    int maxCandidates();

    /**
     * Threads of the near consumer group, which reads every new interactive job at once and answers
     * those it can reuse, so they never wait behind model batches; 0 leaves the lookup to the
     * model's pipeline only.
     */
    @WithDefault("2")
    int threads();

    /** The consumer group of the near readers (NOACK: the model's group stays responsible for every job). */
    @WithDefault("near")
    String group();
}
