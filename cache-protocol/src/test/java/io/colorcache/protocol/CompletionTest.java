package io.colorcache.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompletionTest {

    private static final String KEY = "cc:res:ddcolor-tiny@3f2a9c1b:jpeg:" + "0".repeat(64);

    @Test
    void successRoundTrips() {
        String id = JobIds.next();
        Completion ok = Completion.succeeded(KEY, id);
        assertThat(ok.encode()).isEqualTo(KEY + " " + id + " ok");
        assertThat(Completion.decode(ok.encode())).isEqualTo(ok);
    }

    @Test
    void nearRenderingIsSaidAfterOk() {
        String id = JobIds.next();
        Completion near = Completion.near(KEY, id);
        assertThat(near.encode()).isEqualTo(KEY + " " + id + " ok near");
        Completion decoded = Completion.decode(near.encode());
        assertThat(decoded).isEqualTo(near);
        assertThat(decoded.ok()).isTrue();
        assertThat(decoded.near()).isTrue();
        assertThat(Completion.decode(KEY + " " + id + " ok").near()).isFalse();
        assertThatThrownBy(() -> Completion.decode(KEY + " " + id + " ok far")).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void failureCarriesCodeAndSingleLineDetail() {
        String id = JobIds.next();
        Completion failed = Completion.failed(KEY, id, FailureCode.UNDECODABLE_IMAGE, "Unsupported\n JPEG  process");
        assertThat(failed.encode()).isEqualTo(KEY + " " + id + " failed undecodable-image Unsupported JPEG process");
        Completion decoded = Completion.decode(failed.encode());
        assertThat(decoded.ok()).isFalse();
        assertThat(decoded.failureCode()).isEqualTo(FailureCode.UNDECODABLE_IMAGE);
        assertThat(decoded.detail()).isEqualTo("Unsupported JPEG process");
    }

    @Test
    void unknownFailureCodesReadAsInternal() {
        String id = JobIds.next();
        assertThat(Completion.decode(KEY + " " + id + " failed gpu-melted").failureCode()).isEqualTo(FailureCode.INTERNAL);
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> Completion.decode("hello")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Completion.decode(KEY + " not-a-job ok")).isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> Completion.decode(KEY + " " + JobIds.next() + " maybe"))
                .isInstanceOf(MalformedMessageException.class);
    }
}
