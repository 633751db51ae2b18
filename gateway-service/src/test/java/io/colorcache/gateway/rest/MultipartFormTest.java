package io.colorcache.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The gateway's own multipart reader: fields found exactly, broken or abusive framing refused. */
class MultipartFormTest {

    private static final String BOUNDARY = "----cc-boundary'()+_,-./:=?";

    private static byte[] form(String boundary, Object... nameThenContent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < nameThenContent.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + nameThenContent[i]
                    + "\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Object content = nameThenContent[i + 1];
            out.writeBytes(content instanceof byte[] b ? b : content.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(("--" + boundary + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static MultipartForm parse(byte[] body) {
        // Trailing room in the array, as the reader's body has: only the length counts.
        return MultipartForm.parse(Arrays.copyOf(body, body.length + 100), body.length, BOUNDARY);
    }

    @Test
    void findsTheFileAndTextFieldsExactly() {
        byte[] image = new byte[70_000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i % 7 == 0 ? '\r' : i % 5 == 0 ? '-' : i);
        }
        MultipartForm form = parse(form(BOUNDARY, "image", image, "callbackUrl", "https://example.com/hook"));
        assertThat(form.file("image")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
        assertThat(form.text("callbackUrl")).hasValue("https://example.com/hook");
        assertThat(form.file("other")).isEmpty();
    }

    @Test
    void anEmptyFileIsFoundEmpty() {
        assertThat(parse(form(BOUNDARY, "image", new byte[0])).file("image")).hasValue(new byte[0]);
    }

    @Test
    void readsTheBoundaryFromTheContentType() {
        assertThat(MultipartForm.boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartForm.boundary("multipart/form-data;boundary=xyz")).isEqualTo("xyz");
        for (String bad : new String[] {"multipart/form-data", "multipart/form-data; boundary=",
                "multipart/form-data; boundary=" + "x".repeat(71), "multipart/form-data; boundary=a\rb"}) {
            assertThatThrownBy(() -> MultipartForm.boundary(bad)).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).type()).isEqualTo(ProblemType.INVALID_MULTIPART);
        }
    }

    @Test
    void refusesBrokenAndAbusiveFraming() {
        byte[] unterminated = Arrays.copyOf(form(BOUNDARY, "image", "abc"), 150);
        byte[] tooManyParts = form(BOUNDARY, manyParts(MultipartForm.MAX_PARTS + 1));
        byte[] twice = form(BOUNDARY, "image", "a", "image", "b");
        byte[] longText = form(BOUNDARY, "image", "a", "callbackUrl", "x".repeat(MultipartForm.MAX_TEXT_BYTES + 1));
        byte[] noBoundary = "just bytes".getBytes(StandardCharsets.US_ASCII);
        for (byte[] body : new byte[][] {unterminated, tooManyParts, twice, noBoundary}) {
            assertThatThrownBy(() -> parse(body)).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).type()).isEqualTo(ProblemType.INVALID_MULTIPART);
        }
        assertThatThrownBy(() -> parse(longText).text("callbackUrl")).isInstanceOf(ProblemException.class);
    }

    private static Object[] manyParts(int count) {
        Object[] parts = new Object[2 * count];
        for (int i = 0; i < count; i++) {
            parts[2 * i] = "field" + i;
            parts[2 * i + 1] = "v";
        }
        return parts;
    }
}
