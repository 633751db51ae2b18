package io.colorcache.gateway.auth;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The hosts a tenant's callbacks may be sent to, from its key file line
 * ({@code callback-hosts=hooks.example.com|*.example.org}): a name matches itself, and
 * {@code *.domain} matches every name under the domain (not the domain itself). No list: any
 * host the address policy allows.
 *
 * @param patterns the allowed names and wildcards, in lower case; empty for any host
 */
public record CallbackHosts(List<String> patterns) {

    public static final CallbackHosts ANY = new CallbackHosts(List.of());

    private static final Pattern NAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public CallbackHosts {
        patterns = List.copyOf(patterns);
    }

    /** The list of a key file line, names separated by {@code |}; a malformed name is refused. */
    static CallbackHosts parse(String value) {
        List<String> patterns = List.of(value.toLowerCase(Locale.ROOT).split("\\|"));
        for (String pattern : patterns) {
            if (!NAME.matcher(pattern).matches()) {
                throw new IllegalArgumentException("callback-hosts holds a name that is not a host name or *.domain: "
                        + pattern);
            }
        }
        return new CallbackHosts(patterns);
    }

    /** Whether callbacks may go to this host name (as the URL names it). */
    public boolean permits(String host) {
        if (patterns.isEmpty()) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String pattern : patterns) {
            if (pattern.startsWith("*.") ? name.endsWith(pattern.substring(1)) : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
