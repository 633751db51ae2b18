package io.colorcache.protocol;

import java.util.regex.Pattern;

/**
 * The W3C Trace Context {@code traceparent} header, as a job message may carry it: exactly
 * {@code version-traceid-parentid-flags} in lower-case hex (55 characters), version not
 * {@code ff}, ids not all zeros. Anything else is dropped, so a client cannot make every stream
 * entry, and every read of it, carry kilobytes of its choosing.
 */
public final class TraceParent {

    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_PARENT = "0".repeat(16);

    private TraceParent() {
    }

    /** The header when it is a valid traceparent; otherwise "" (no trace context). */
    public static String orEmpty(String header) {
        if (header == null || header.length() != 55 || !W3C.matcher(header).matches() || header.startsWith("ff")
                || header.substring(3, 35).equals(ZERO_TRACE) || header.substring(36, 52).equals(ZERO_PARENT)) {
            return "";
        }
        return header;
    }
}
