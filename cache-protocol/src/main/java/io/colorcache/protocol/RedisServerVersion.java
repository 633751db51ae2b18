package io.colorcache.protocol;

import java.util.Optional;

/**
 * The server a service talks to, as {@code INFO server} describes it, and whether Colorcache
 * supports it: Redis 6.2 or newer (GETEX, XAUTOCLAIM, XTRIM MINID, SET ... PX with NX), or any
 * Valkey, which reports its own {@code valkey_version} beside the Redis version it is compatible
 * with.
 *
 * @param product "Redis" or "Valkey"
 * @param version the product's own version, such as {@code 7.0.15}
 */
public record RedisServerVersion(String product, Version version) {

    /** The oldest Redis every command the services send works on. */
    public static final Version MINIMUM_REDIS = Version.parse("6.2.0");
    /** The oldest Valkey; its first release is compatible with Redis 7.2. */
    public static final Version MINIMUM_VALKEY = Version.parse("7.2.0");

    /** Reads {@code valkey_version} (Valkey) or else {@code redis_version} from an INFO reply. */
    public static RedisServerVersion fromInfo(String info) {
        Optional<String> valkey = field(info, "valkey_version");
        if (valkey.isPresent()) {
            return new RedisServerVersion("Valkey", Version.parse(valkey.get()));
        }
        return new RedisServerVersion("Redis", Version.parse(field(info, "redis_version")
                .orElseThrow(() -> new IllegalArgumentException("INFO server names no redis_version"))));
    }

    public Version minimum() {
        return product.equals("Valkey") ? MINIMUM_VALKEY : MINIMUM_REDIS;
    }

    public boolean isSupported() {
        return version.compareTo(minimum()) >= 0;
    }

    /** One line for the log that names the server's version and the minimum. */
    public String refusal(String address) {
        return product + " " + version + " at " + address + " is older than " + product + " " + minimum()
                + ", the oldest Colorcache supports; upgrade the server (Redis >= " + MINIMUM_REDIS
                + " or Valkey >= " + MINIMUM_VALKEY + ")";
    }

    @Override
    public String toString() {
        return product + " " + version;
    }

    private static Optional<String> field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Optional.of(line.substring(name.length() + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** major.minor.patch; a missing part reads as 0, anything after a non-digit is ignored. */
    public record Version(int major, int minor, int patch) implements Comparable<Version> {

        public static Version parse(String text) {
            String[] parts = text.trim().split("\\.");
            return new Version(number(parts, 0, text), number(parts, 1, text), number(parts, 2, text));
        }

        private static int number(String[] parts, int index, String text) {
            if (index >= parts.length) {
                return 0;
            }
            String digits = parts[index].replaceFirst("\\D.*$", "");
            if (digits.isEmpty()) {
                throw new IllegalArgumentException("not a version: " + text);
            }
            return Integer.parseInt(digits);
        }

        @Override
        public int compareTo(Version other) {
            int byMajor = Integer.compare(major, other.major);
            if (byMajor != 0) {
                return byMajor;
            }
            int byMinor = Integer.compare(minor, other.minor);
            return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
        }

        @Override
        public String toString() {
            return major + "." + minor + "." + patch;
        }
    }
}
