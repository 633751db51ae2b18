package io.colorcache.gateway.service;

import io.colorcache.protocol.OutputFormat;

/**
 * A result ready to send: its bytes, encoding, key, how it was obtained, and whether the client
 * may be told that ({@code X-Cache}); a client is told "miss" for a photo it never uploaded
 * before, so that no answer reveals another tenant's uploads.
 */
public record ColorizedImage(byte[] bytes, OutputFormat format, String resultKey, Outcome outcome,
        boolean disclosed) {

    public ColorizedImage(byte[] bytes, OutputFormat format, String resultKey, Outcome outcome) {
        this(bytes, format, resultKey, outcome, true);
    }

    /** The same result, obtained another way. */
    public ColorizedImage as(Outcome other) {
        return new ColorizedImage(bytes, format, resultKey, other, disclosed);
    }

    /** The same result, its outcome kept from the client. */
    public ColorizedImage undisclosed() {
        return new ColorizedImage(bytes, format, resultKey, outcome, false);
    }

    /** Value of {@code X-Cache}: the outcome, or "miss" where it is not disclosed. */
    public String cacheHeader() {
        return disclosed ? outcome.cacheHeader() : Outcome.MISS.cacheHeader();
    }
}
