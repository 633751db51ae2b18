package io.colorcache.gateway.service;

import io.colorcache.protocol.OutputFormat;

/** A result ready to send: its bytes, encoding, key, and how it was obtained. */
public record ColorizedImage(byte[] bytes, OutputFormat format, String resultKey, Outcome outcome) {

    /** The same result, obtained another way. */
    public ColorizedImage as(Outcome other) {
        return new ColorizedImage(bytes, format, resultKey, other);
    }
}
