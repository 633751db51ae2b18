package io.colorcache.protocol;

import java.util.Locale;
import java.util.Optional;

/** The encodings a result can be stored and served in. */
public enum OutputFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png"),
    /** Only when a client names it in {@code Accept}; never a default. */
    WEBP("webp", "image/webp");

    private final String token;
    private final String mediaType;

    OutputFormat(String token, String mediaType) {
        this.token = token;
        this.mediaType = mediaType;
    }

    /** The lower-case name used in result keys and job messages. */
    public String token() {
        return token;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<OutputFormat> fromToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String t = token.toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.token.equals(t)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public static Optional<OutputFormat> fromMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String m = mediaType.toLowerCase(Locale.ROOT).trim();
        for (OutputFormat f : values()) {
            if (f.mediaType.equals(m)) {
                return Optional.of(f);
            }
        }
        return m.equals("image/jpg") ? Optional.of(JPEG) : Optional.empty();
    }
}
