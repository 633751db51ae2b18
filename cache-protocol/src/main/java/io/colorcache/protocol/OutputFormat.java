package io.colorcache.protocol;

import java.util.Locale;
import java.util.Optional;

/** The encodings a result can be stored and served in. */
public enum OutputFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png");

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

    /** What a client that states no preference gets: JPEG for a JPEG upload, PNG for anything else. */
    public static OutputFormat defaultFor(byte[] upload) {
        boolean jpeg = upload.length >= 3 && (upload[0] & 0xff) == 0xFF && (upload[1] & 0xff) == 0xD8
                && (upload[2] & 0xff) == 0xFF;
        return jpeg ? JPEG : PNG;
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
