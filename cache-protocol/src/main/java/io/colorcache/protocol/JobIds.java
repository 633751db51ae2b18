package io.colorcache.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Job ids: 128 random bits in hex, safe in keys, URLs and space-separated messages. */
public final class JobIds {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    public static String next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    static String require(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        return id;
    }
}
