package io.colorcache.inference.near;

/**
 * The checks a candidate within the hash radius must pass before its colours are put on another
 * photo: aspect ratios within a relative tolerance, then the Pearson correlation of the two
 * standardised 64 x 64 gray thumbnails at least {@code minCorrelation}.
 */
public record NearVerification(double minCorrelation, double aspectTolerance) {

    /** What the checks decided: reuse, or the check that refused. */
    public enum Verdict {
        REUSE, ASPECT, THUMBNAIL
    }

    public Verdict check(PerceptualSignature upload, PerceptualSignature stored) {
        if (Math.abs(upload.aspect() / stored.aspect() - 1) > aspectTolerance) {
            return Verdict.ASPECT;
        }
        return upload.correlation(stored) >= minCorrelation ? Verdict.REUSE : Verdict.THUMBNAIL;
    }
}
