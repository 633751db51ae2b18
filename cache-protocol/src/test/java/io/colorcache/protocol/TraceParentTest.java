package io.colorcache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only a W3C traceparent travels in a job message; anything else is dropped. */
class TraceParentTest {

    static final String VALID = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aValidHeaderIsKept() {
        assertThat(TraceParent.orEmpty(VALID)).isEqualTo(VALID);
    }

    @Test
    void oversizedMalformedOrReservedHeadersAreDropped() {
        assertThat(TraceParent.orEmpty(VALID + "-" + "x".repeat(4000))).isEmpty();
        assertThat(TraceParent.orEmpty(VALID.toUpperCase())).isEmpty();
        assertThat(TraceParent.orEmpty("ff" + VALID.substring(2))).isEmpty();
        assertThat(TraceParent.orEmpty("00-" + "0".repeat(32) + "-b7ad6b7169203331-01")).isEmpty();
        assertThat(TraceParent.orEmpty("00-0af7651916cd43dd8448eb211c80319c-" + "0".repeat(16) + "-01")).isEmpty();
        assertThat(TraceParent.orEmpty("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")).isEmpty();
        assertThat(TraceParent.orEmpty(null)).isEmpty();
    }

    @Test
    void aForgedMessageCarriesNoOversizedTraceparent() {
        JobMessage job = new JobMessage(JobIds.next(), "cc:res:x", "cc:in:x", Sha256.hex(new byte[0]),
                OutputFormat.PNG, 1L, "y".repeat(10_000), Priority.INTERACTIVE, true);
        assertThat(job.toFields().get("traceparent")).isEmpty();
    }
}
