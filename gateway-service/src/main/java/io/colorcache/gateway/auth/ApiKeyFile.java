package io.colorcache.gateway.auth;

import io.colorcache.protocol.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key file: one key per line, {@code tenant-id:hex-sha256-of-the-key}, optionally
 * {@code :limits} after it ({@code suspended}, or comma-separated {@code name=value}); blank lines
 * and lines starting with {@code #} are skipped. A tenant may have several keys (rotation: add the
 * new one, hand it out, remove the old one).
 *
 * @param keys     tenant by the SHA-256 (lower-case hex) of each key
 * @param problems one line per line that was skipped, with its number and why
 */
public record ApiKeyFile(Map<String, Tenant> keys, List<String> problems) {

    private static final Pattern LIMIT = Pattern.compile("[a-z][a-z0-9-]*=[^,=\\s]+");

    public static ApiKeyFile parse(String content) {
        Map<String, Tenant> keys = new HashMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                String[] parts = line.split(":", 3);
                if (parts.length < 2) {
                    throw new IllegalArgumentException("expected tenant-id:hex-sha256-of-the-key");
                }
                String hash = parts[1].toLowerCase(java.util.Locale.ROOT);
                if (!Sha256.isHex(hash)) {
                    throw new IllegalArgumentException("the key's SHA-256 is not 64 hex digits");
                }
                Tenant tenant = tenant(parts[0], parts.length == 3 ? parts[2] : "");
                if (keys.putIfAbsent(hash, tenant) != null) {
                    throw new IllegalArgumentException("the same key is listed twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new ApiKeyFile(Map.copyOf(keys), List.copyOf(problems));
    }

    /** The limits a line may set ({@link TenantLimits}), each a number of its kind. */
    private static void requireKnown(String name, String value) {
        try {
            switch (name) {
                case "rps" -> {
                    if (!Double.isFinite(Double.parseDouble(value))) {
                        throw new NumberFormatException(value);
                    }
                }
                case "burst" -> Integer.parseInt(value);
                case "gpu-per-day" -> Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown limit " + name + " (rps, burst, gpu-per-day)");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit " + name + " is not a number: " + value);
        }
        if (value.startsWith("-")) {
            throw new IllegalArgumentException("limit " + name + " is negative: " + value);
        }
    }

    private static Tenant tenant(String id, String limits) {
        String spec = limits.strip();
        if (spec.equals("suspended")) {
            return new Tenant(id, true, Map.of());
        }
        Map<String, String> parsed = new LinkedHashMap<>();
        if (!spec.isEmpty()) {
            for (String limit : spec.split(",")) {
                if (!LIMIT.matcher(limit.strip()).matches()) {
                    throw new IllegalArgumentException("a limit is name=value: " + limit.strip());
                }
                String[] nameValue = limit.strip().split("=", 2);
                requireKnown(nameValue[0], nameValue[1]);
                parsed.put(nameValue[0], nameValue[1]);
            }
        }
        return new Tenant(id, false, parsed);
    }
}
