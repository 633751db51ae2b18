package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** NOTES.txt, as `helm install --dry-run` prints it: how to reach the gateway, and warnings on risky values. */
class ChartNotesTest {

    @Test
    void aProductionInstallSaysWhereTheGatewayIsAndWarnsOfNothing() {
        String notes = ChartFixture.installNotes("default-values.yaml", Map.of());
        assertThat(notes).contains("https://colorcache.example.com/v1/colorize")
                .contains("helm test colorcache -n colorcache")
                .contains("ddcolor-paper-tiny@3f2a9c1b5e7d")
                .contains("API keys: every /v1 request needs Authorization: Bearer <key>")
                .contains("cache-warmer --create-api-key TENANT --api-keys-file api-keys")
                .doesNotContain("WARNING");
    }

    @Test
    void riskyValuesAreWarnedAbout() {
        String notes = ChartFixture.installNotes(ChartFixture.DEFAULTS,
                Map.of("redis.auth.enabled", "false", "gateway.resources.requests", "null",
                        "gateway.resources.limits", "null", "auth.mode", "none"));
        assertThat(notes).contains("kubectl -n colorcache port-forward service/colorcache-gateway 8080:80")
                .contains("WARNING: Redis has no password")
                .contains("WARNING: model.sha256 is the all-zero placeholder")
                .contains("WARNING: the bundled Redis keeps its data in an emptyDir")
                .contains("WARNING: gateway.resources is empty")
                .contains("WARNING: auth.mode=none: anyone who can reach the gateway");
    }
}
