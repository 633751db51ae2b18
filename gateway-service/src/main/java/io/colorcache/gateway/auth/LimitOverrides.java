package io.colorcache.gateway.auth;

/**
 * The limits a key file line sets for its tenant, each null where the line leaves the configured
 * default; parsed and checked once, when the file is read.
 *
 * @param requestsPerSecond   {@code rps=}
 * @param burst               {@code burst=}
 * @param computationsPerDay  {@code gpu-per-day=}
 * @param uploadBytesInFlight {@code upload-bytes=}
 */
public record LimitOverrides(Double requestsPerSecond, Integer burst, Long computationsPerDay,
        Long uploadBytesInFlight) {

    public static final LimitOverrides NONE = new LimitOverrides(null, null, null, null);

    public LimitOverrides {
        if (requestsPerSecond != null && !(Double.isFinite(requestsPerSecond) && requestsPerSecond >= 0)
                || burst != null && burst < 0
                || computationsPerDay != null && computationsPerDay < 0
                || uploadBytesInFlight != null && uploadBytesInFlight < 0) {
            throw new IllegalArgumentException("limits are finite numbers, never negative");
        }
    }

    /** These overrides with one more {@code name=value}; an unknown name or a bad number is refused. */
    LimitOverrides with(String name, String value) {
        try {
            if (value.startsWith("-")) {
                throw new IllegalArgumentException("limit " + name + " is negative: " + value);
            }
            return switch (name) {
                case "rps" -> {
                    double rps = Double.parseDouble(value);
                    if (!Double.isFinite(rps)) {
                        throw new NumberFormatException(value);
                    }
                    yield new LimitOverrides(rps, burst, computationsPerDay, uploadBytesInFlight);
                }
                case "burst" -> new LimitOverrides(requestsPerSecond, Integer.parseInt(value), computationsPerDay,
                        uploadBytesInFlight);
                case "gpu-per-day" -> new LimitOverrides(requestsPerSecond, burst, Long.parseLong(value),
                        uploadBytesInFlight);
                case "upload-bytes" -> new LimitOverrides(requestsPerSecond, burst, computationsPerDay,
                        Long.parseLong(value));
                default -> throw new IllegalArgumentException(
                        "unknown limit " + name + " (rps, burst, gpu-per-day, upload-bytes)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit " + name + " is not a number: " + value);
        }
    }
}
