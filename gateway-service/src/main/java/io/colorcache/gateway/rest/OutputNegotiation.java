package io.colorcache.gateway.rest;

import io.colorcache.protocol.OutputFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the result encoding from {@code Accept}: the acceptable format with the highest
 * quality, the upload's own default (jpeg for a jpeg upload, png otherwise) on ties or when the
 * client states no preference (WebP only when named), and none when the client accepts none of
 * jpeg, png and webp.
 */
final class OutputNegotiation {

    private OutputNegotiation() {
    }

    static Optional<OutputFormat> choose(String accept, OutputFormat preferred) {
        if (accept == null || accept.isBlank()) {
            return Optional.of(preferred);
        }
        double best = 0;
        OutputFormat chosen = null;
        for (OutputFormat candidate : orderedBy(preferred)) {
            double q = quality(accept, candidate);
            if (q > best) {
                best = q;
                chosen = candidate;
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** Whether {@code Accept} allows {@code format} at all (no header allows everything). */
    static boolean acceptable(String accept, OutputFormat format) {
        return accept == null || accept.isBlank() || quality(accept, format) > 0;
    }

    /** The preferred format, the other of JPEG and PNG, then WebP: ties go to the earlier. */
    static OutputFormat[] orderedBy(OutputFormat preferred) {
        OutputFormat other = preferred == OutputFormat.JPEG ? OutputFormat.PNG : OutputFormat.JPEG;
        return new OutputFormat[] {preferred, other, OutputFormat.WEBP};
    }

    /** The q of the most specific range matching {@code format}, 0 when none matches. */
    private static double quality(String accept, OutputFormat format) {
        int bestSpecificity = -1;
        double q = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean named = type.equals(format.mediaType()) || (format == OutputFormat.JPEG && type.equals("image/jpg"));
            // WebP only when named: a browser's "image/*" or "*/*" keeps the upload's own format.
            int specificity = named ? 2
                    : format == OutputFormat.WEBP ? -1
                    : type.equals("image/*") ? 1
                    : type.equals("*/*") ? 0 : -1;
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = parseQ(parts);
            }
        }
        return q;
    }

    private static double parseQ(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
