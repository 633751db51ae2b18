package io.colorcache.protocol;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A model identity as it appears in result keys: {@code id@version}, for example
 * {@code ddcolor-tiny@3f2a9c1b}. The version is a prefix of the model file's SHA-256 in
 * lower-case hex, so a new model file changes every result key.
 */
public record ModelRef(String id, String version) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{8,64}");

    public ModelRef {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "model id must match " + ID.pattern() + " (lower case, no spaces or colons): " + id);
        }
        if (version == null || !VERSION.matcher(version.toLowerCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException(
                    "model version must be 8 to 64 hex digits of the model file's SHA-256: " + version);
        }
        version = version.toLowerCase(Locale.ROOT);
    }

    /** Whether a file whose SHA-256 is {@code sha256Hex} is this model. */
    public boolean matchesFileDigest(String sha256Hex) {
        return sha256Hex.toLowerCase(Locale.ROOT).startsWith(version);
    }

    /** The token used inside result keys. */
    public String token() {
        return id + "@" + version;
    }

    @Override
    public String toString() {
        return token();
    }
}
