package io.colorcache.inference.near;

import io.colorcache.inference.config.NearConfig;
import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.inference.pipeline.DdcolorPostprocessor;
import io.colorcache.inference.pipeline.Photo;
import io.colorcache.inference.redis.NearColorsStore;
import io.colorcache.inference.redis.NearIndex;
import io.colorcache.protocol.ModelRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds, verifies and renders near-duplicates (docs/DESIGN.md, "Near-duplicates"). A computed
 * photo is remembered with its signature and the model's ab output; a later photo whose hash is
 * within the radius is a candidate, and its colours are reused only if the aspect ratios agree
 * and the gray thumbnails correlate strongly. The render is the new photo's own lightness with
 * the candidate's ab, exactly as the post-processor treats a model output.
 */
@ApplicationScoped
public class NearReuse {

    private final NearIndex index;
    private final NearColorsStore store;
    private final NearConfig config;
    private final NearVerification verification;
    private final ModelRef model;
    private final Counter rejectedAspect;
    private final Counter rejectedThumbnail;

    public NearReuse(NearIndex index, NearColorsStore store, NearConfig config, ModelRef model, MeterRegistry meters) {
        if (config.radius() < 0 || config.radius() > HashBands.MAX_RADIUS) {
            throw new IllegalArgumentException("colorcache.near.radius must be within 0.." + HashBands.MAX_RADIUS);
        }
        this.index = index;
        this.store = store;
        this.config = config;
        this.verification = new NearVerification(config.minCorrelation(), config.aspectTolerance());
        this.model = model;
        this.rejectedAspect = rejected(meters, "aspect");
        this.rejectedThumbnail = rejected(meters, "thumbnail");
    }

    private static Counter rejected(MeterRegistry meters, String reason) {
        return Counter.builder("colorcache.inference.near.rejected").tag("reason", reason)
                .description("Candidates within the hash radius that failed verification, by the check they failed")
                .register(meters);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The colours of the nearest verified near-duplicate, if any. A lookup that fails (the cache's
     * Redis) finds nothing: the model answers instead.
     */
    public Optional<NearColors> find(PerceptualSignature signature) {
        try {
            for (NearIndex.Candidate candidate : index.candidates(model, signature.hash(), config.radius(),
                    config.maxCandidates())) {
                Optional<NearColors> colors = store.get(model, candidate.sha256());
                if (colors.isPresent() && verified(signature, colors.get().signature())) {
                    return colors;
                }
            }
        } catch (RuntimeException e) {
            Log.warnf("Near-duplicate lookup failed, left to the model: %s", e.getMessage());
        }
        return Optional.empty();
    }

    /** Whether {@code stored}'s colours may be put on the photo of {@code upload}; counts refusals. */
    private boolean verified(PerceptualSignature upload, PerceptualSignature stored) {
        return switch (verification.check(upload, stored)) {
            case REUSE -> true;
            case ASPECT -> {
                rejectedAspect.increment();
                yield false;
            }
            case THUMBNAIL -> {
                rejectedThumbnail.increment();
                yield false;
            }
        };
    }

    /** The photo with the stored colours; an 8-bit photo is colorized in place. */
    public BgrImage render(Photo photo, NearColors colors) {
        return new DdcolorPostprocessor(colors.size()).postprocess(photo, colors.planes(), 0);
    }

    /** Remembers a computed photo: its near colours and its place in the index, for {@code ttl}. */
    public void remember(String sha256, PerceptualSignature signature, float[] output, int offset, int size,
            Duration ttl) {
        store.put(model, sha256, NearColors.of(signature, output, offset, size), ttl);
        index.add(model, sha256, signature.hash(), ttl);
    }
}
