package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
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

    @Test
    void anOidcInstallNamesItsIssuerAndClaimAndConfiguresTheGatewayWithoutAKeySecret() {
        String notes = ChartFixture.installNotes("oidc-values.yaml", Map.of());
        assertThat(notes).contains("Bearer <access token> of https://sso.example.com/realms/photos")
                .contains("its claim \"org\" names the tenant")
                .contains("send 209715200 upload bytes at once")
                .contains("Results are private")
                .doesNotContain("create-api-key")
                .doesNotContain("auth.mode=none");
        RenderedManifests manifests = ChartFixture.render("oidc-values.yaml");
        assertThat(manifests.named(ConfigMap.class, "colorcache-gateway").getData())
                .containsEntry("QUARKUS_OIDC_AUTH_SERVER_URL", "https://sso.example.com/realms/photos")
                .containsEntry("QUARKUS_OIDC_TOKEN_AUDIENCE", "colorcache")
                .containsEntry("COLORCACHE_AUTH_OIDC_TENANT_CLAIM", "org")
                .containsEntry("COLORCACHE_AUTH_OIDC_DIAGNOSTICS_ROLE", "colorcache-ops")
                .containsEntry("COLORCACHE_GATEWAY_CALLBACK_BLOCKED_CIDRS", "34.118.224.0/20")
                .containsEntry("COLORCACHE_GATEWAY_CALLBACK_PROXY", "smokescreen.egress.svc.cluster.local:4750");
        assertThat(manifests.find(Secret.class, "colorcache-api-keys")).isEmpty();
    }
}
