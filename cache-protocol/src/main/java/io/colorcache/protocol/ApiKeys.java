package io.colorcache.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The API key file's line, {@code tenant-id:hex-sha256-of-the-key[:limits]}, and the keys
 * themselves: 32 random bytes, URL-safe Base64 after {@code cc_}. Only the SHA-256 of a key is
 * ever stored; the gateway reads the file, the admin command ({@code cache-warmer
 * --create-api-key}) writes it.
 */
public final class ApiKeys {

    /** A tenant id: 1 to 64 letters, digits, '.', '_' or '-'. */
    public static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    /** A new key, to be shown once to its owner. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "cc_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the file stores of a key: its SHA-256, lower-case hex. */
    public static String hash(String key) {
        return Sha256.hex(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The file's line for a key of {@code tenant}; {@code limits} empty for none. */
    public static String line(String tenant, String key, String limits) {
        if (!TENANT_ID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("a tenant id is 1 to 64 letters, digits, '.', '_' or '-': " + tenant);
        }
        return tenant + ":" + hash(key) + (limits == null || limits.isBlank() ? "" : ":" + limits.strip());
    }
}
