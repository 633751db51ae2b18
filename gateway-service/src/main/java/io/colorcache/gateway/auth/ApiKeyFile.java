package io.colorcache.gateway.auth;

import io.colorcache.protocol.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key file: one key per line, {@code tenant-id:hex-sha256-of-the-key}, optionally followed by
 * {@code :} and a comma-separated list of limits ({@code name=value}: {@code rps},
 * {@code burst}, {@code gpu-per-day}, {@code upload-bytes}), rights ({@code suspended},
 * {@code diagnostics}) and the hosts its callbacks may go to ({@code callback-hosts=a.example.com|*.example.org},
 * {@link CallbackHosts}); blank lines
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
        // A byte order mark, as editors on Windows write one, is not part of the first tenant id.
        String[] lines = (content.startsWith("\uFEFF") ? content.substring(1) : content).split("\r?\n", -1);
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
                String hash = parts[1].strip().toLowerCase(java.util.Locale.ROOT);
                if (!Sha256.isHex(hash)) {
                    throw new IllegalArgumentException("the key's SHA-256 is not 64 hex digits");
                }
                Tenant tenant = tenant(parts[0].strip(), parts.length == 3 ? parts[2] : "");
                if (keys.putIfAbsent(hash, tenant) != null) {
                    throw new IllegalArgumentException("the same key is listed twice");
                }
            } catch (IllegalArgumentException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new ApiKeyFile(Map.copyOf(keys), List.copyOf(problems));
    }

    private static Tenant tenant(String id, String spec) {
        boolean suspended = false;
        boolean diagnostics = false;
        LimitOverrides limits = LimitOverrides.NONE;
        CallbackHosts callbackHosts = CallbackHosts.ANY;
        for (String token : spec.strip().isEmpty() ? new String[0] : spec.strip().split(",")) {
            String item = token.strip();
            if (item.equals("suspended")) {
                suspended = true;
            } else if (item.equals("diagnostics")) {
                diagnostics = true;
            } else if (item.startsWith("callback-hosts=")) {
                callbackHosts = CallbackHosts.parse(item.substring("callback-hosts=".length()));
            } else if (LIMIT.matcher(item).matches()) {
                String[] nameValue = item.split("=", 2);
                limits = limits.with(nameValue[0], nameValue[1]);
            } else {
                throw new IllegalArgumentException(
                        "a limit is name=value, or a right (suspended, diagnostics): " + item);
            }
        }
        return new Tenant(id, suspended, diagnostics, limits, callbackHosts);
    }
}
