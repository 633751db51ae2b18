package io.colorcache.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class KeySchemaTest {

    private static final String SHA = "0123456789abcdef".repeat(4);

    @Test
    void followsTheDesignSchema() {
        KeySchema keys = KeySchema.withDefaultPrefix();
        ModelRef model = new ModelRef("ddcolor-tiny", "3F2A9C1B");
        String result = keys.result(model, OutputFormat.JPEG, SHA);
        assertThat(result).isEqualTo("cc:res:ddcolor-tiny@3f2a9c1b:jpeg:" + SHA);
        assertThat(keys.input(SHA)).isEqualTo("cc:in:" + SHA);
        assertThat(keys.jobsStream()).isEqualTo("cc:jobs");
        assertThat(keys.warmJobsStream()).isEqualTo("cc:jobs:warm");
        assertThat(keys.deadLetterStream()).isEqualTo("cc:dead");
        assertThat(keys.lock(result)).isEqualTo("cc:lock:" + result);
        assertThat(keys.doneChannel()).isEqualTo("cc:done");
        assertThat(keys.frequency(LocalDate.of(2026, 3, 7))).isEqualTo("cc:freq:20260307");
        String id = JobIds.next();
        assertThat(keys.job(id)).isEqualTo("cc:job:" + id);
    }

    @Test
    void prefixIsConfigurable() {
        assertThat(new KeySchema("prod:cc:").jobsStream()).isEqualTo("prod:cc:jobs");
        assertThatThrownBy(() -> new KeySchema("has space")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsValuesThatWouldBreakKeys() {
        KeySchema keys = KeySchema.withDefaultPrefix();
        assertThatThrownBy(() -> keys.input("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keys.job("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelRef("DDColor Tiny", "3f2a9c1b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ModelRef("ddcolor", "xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modelVersionIsAPrefixOfTheFileDigest() {
        ModelRef model = new ModelRef("ddcolor", "0123abcd");
        assertThat(model.matchesFileDigest("0123ABCD" + "9".repeat(56))).isTrue();
        assertThat(model.matchesFileDigest("f123abcd" + "9".repeat(56))).isFalse();
    }
}
