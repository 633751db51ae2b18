package io.colorcache.gateway.rest;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body (RFC 7578) already in memory, split into its named fields
 * without copying the file: the gateway reads multipart uploads itself, within the
 * {@link UploadBudget}, instead of letting RESTEasy spool them to disk. Bounded in parts and
 * header sizes; any framing it cannot read is a 400 invalid-multipart.
 */
final class MultipartForm {

    static final int MAX_PARTS = 16;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_TEXT_BYTES = 8 * 1024;

    private final byte[] body;
    private final Map<String, Part> fields;

    private MultipartForm(byte[] body, Map<String, Part> fields) {
        this.body = body;
        this.fields = fields;
    }

    /** One field: where its content lies in the body. */
    record Part(int offset, int length) {
    }

    /** The boundary named by a multipart Content-Type; a problem when it has none or an unusable one. */
    static String boundary(String contentType) {
        String value = parameter(contentType, "boundary");
        if (value == null || !isBoundary(value)) {
            throw invalid("the Content-Type names no usable multipart boundary (1 to 70 characters of RFC 2046's set)");
        }
        return value;
    }

    /** The value of a header's {@code ; name=value} parameter, unquoted; null when it has none. */
    private static String parameter(String header, String name) {
        for (String parameter : header.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase(name)) {
                String value = pair[1].trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** RFC 2046's bchars: no CR, LF or dash-dash tricks that would make the delimiter search superlinear. */
    private static boolean isBoundary(String value) {
        if (value.isEmpty() || value.length() > 70 || value.endsWith(" ")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits the first {@code length} bytes of {@code body}, framed by {@code boundary}, into its
     * fields; a problem when the framing is broken.
     */
    static MultipartForm parse(byte[] body, int length, String boundary) {
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        boolean atStart = startsWith(body, length, 0, first);
        int start = atStart ? 0 : indexOf(body, length, delimiter, 0);
        if (start < 0) {
            throw invalid("the body holds no multipart boundary");
        }
        int position = start + (atStart ? first.length : delimiter.length);
        Map<String, Part> fields = new HashMap<>();
        for (int parts = 0; ; parts++) {
            if (startsWith(body, length, position, "--".getBytes(StandardCharsets.US_ASCII))) {
                return new MultipartForm(body, fields);
            }
            if (parts == MAX_PARTS) {
                throw invalid("more than " + MAX_PARTS + " parts");
            }
            position = skipLine(body, length, position);
            int headersEnd = indexOf(body, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), position - 2);
            if (headersEnd < 0 || headersEnd - position > MAX_HEADER_BYTES) {
                throw invalid("a part's headers are missing, unterminated or longer than " + MAX_HEADER_BYTES + " bytes");
            }
            String name = fieldName(new String(body, position, Math.max(0, headersEnd - position),
                    StandardCharsets.ISO_8859_1));
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, length, delimiter, contentStart);
            if (contentEnd < 0) {
                throw invalid("a part is not closed by the boundary");
            }
            if (fields.putIfAbsent(name, new Part(contentStart, contentEnd - contentStart)) != null) {
                throw invalid("the field '" + name + "' appears twice");
            }
            position = contentEnd + delimiter.length;
        }
    }

    /** The file field's bytes, copied out of the body; empty when the form has no such field. */
    Optional<byte[]> file(String name) {
        Part part = fields.get(name);
        if (part == null) {
            return Optional.empty();
        }
        byte[] content = new byte[part.length()];
        System.arraycopy(body, part.offset(), content, 0, part.length());
        return Optional.of(content);
    }

    /** A short text field as UTF-8; empty when absent; a problem when longer than {@link #MAX_TEXT_BYTES}. */
    Optional<String> text(String name) {
        Part part = fields.get(name);
        if (part == null) {
            return Optional.empty();
        }
        if (part.length() > MAX_TEXT_BYTES) {
            throw invalid("the field '" + name + "' is longer than " + MAX_TEXT_BYTES + " bytes");
        }
        return Optional.of(new String(body, part.offset(), part.length(), StandardCharsets.UTF_8));
    }

    /** The {@code name} of a part's {@code Content-Disposition: form-data}. */
    private static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
                String name = parameter(line.substring(colon + 1), "name");
                if (name != null) {
                    return name;
                }
            }
        }
        throw invalid("a part has no Content-Disposition with a field name");
    }

    /** The position after the end of the current line (transport padding after a boundary is allowed). */
    private static int skipLine(byte[] body, int length, int position) {
        int end = indexOf(body, length, "\r\n".getBytes(StandardCharsets.US_ASCII), position);
        if (end < 0 || end - position > 128) {
            throw invalid("a boundary line is not ended by CRLF");
        }
        return end + 2;
    }

    /**
     * The first index of {@code pattern} at or after {@code from}, or -1. Plain search, linear
     * here: the one long pattern, the delimiter, has its first byte (CR) nowhere else, as a valid
     * boundary holds no CR, so a comparison that gets k bytes far skips k bytes without a candidate.
     */
    private static int indexOf(byte[] body, int length, byte[] pattern, int from) {
        byte head = pattern[0];
        for (int i = Math.max(0, from), last = length - pattern.length; i <= last; i++) {
            if (body[i] == head && startsWith(body, length, i, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] body, int length, int offset, byte[] pattern) {
        if (offset < 0 || offset + pattern.length > length) {
            return false;
        }
        for (int j = 0; j < pattern.length; j++) {
            if (body[offset + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(ProblemType.INVALID_MULTIPART, detail);
    }
}
