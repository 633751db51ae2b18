package io.colorcache.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMessageTest {

    private static final String SHA = "a".repeat(64);
    private final KeySchema keys = KeySchema.withDefaultPrefix();
    private final ModelRef model = new ModelRef("ddcolor-tiny", "3f2a9c1b");

    private JobMessage sample() {
        String id = JobIds.next();
        return new JobMessage(id, keys.result(model, OutputFormat.PNG, SHA), keys.input(SHA), SHA,
                OutputFormat.PNG, 1_700_000_000_123L, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                Priority.INTERACTIVE, true);
    }

    @Test
    void roundTripsThroughStreamFields() {
        JobMessage message = sample();
        assertThat(JobMessage.fromFields(message.toFields())).isEqualTo(message);
        assertThat(message.toFields()).containsEntry("v", "1").containsEntry("format", "png")
                .containsEntry("result", "cc:res:ddcolor-tiny@3f2a9c1b:png:" + SHA);
    }

    @Test
    void rejectsMissingFieldsAndUnknownVersions() {
        Map<String, String> fields = new HashMap<>(sample().toFields());
        fields.remove("input");
        assertThatThrownBy(() -> JobMessage.fromFields(fields)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("input");

        Map<String, String> future = new HashMap<>(sample().toFields());
        future.put("v", "2");
        assertThatThrownBy(() -> JobMessage.fromFields(future)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("version 2");

        Map<String, String> badSha = new HashMap<>(sample().toFields());
        badSha.put("sha256", "xyz");
        assertThatThrownBy(() -> JobMessage.fromFields(badSha)).isInstanceOf(MalformedMessageException.class);

        Map<String, String> badFormat = new HashMap<>(sample().toFields());
        badFormat.put("format", "gif");
        assertThatThrownBy(() -> JobMessage.fromFields(badFormat)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("gif");
    }

    @Test
    void missingTraceparentReadsAsEmpty() {
        Map<String, String> fields = new HashMap<>(sample().toFields());
        fields.remove("traceparent");
        assertThat(JobMessage.fromFields(fields).traceparent()).isEmpty();
    }

    @Test
    void exactMatchTravelsAsAnOptionalField() {
        JobMessage near = sample();
        assertThat(near.toFields()).doesNotContainKey("match");
        JobMessage exact = new JobMessage(near.jobId(), near.resultKey(), near.inputKey(), near.sha256(), near.format(),
                near.enqueuedAt(), near.traceparent(), near.priority(), false);
        assertThat(exact.toFields()).containsEntry("match", "exact");
        assertThat(JobMessage.fromFields(exact.toFields()).nearAllowed()).isFalse();
        assertThat(JobMessage.fromFields(near.toFields()).nearAllowed()).isTrue();
    }
}
