package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** helm lint --strict and helm template of the defaults and every ci/ scenario; objects parse strictly. */
class ChartLintTest {

    static List<String> scenarios() {
        return ChartFixture.scenarios();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void lintsStrictly(String scenario) {
        LintResult lint = ChartFixture.lint(scenario);
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void rendersObjectsThatParseWithTheirModelsAndNoUnknownField(String scenario) {
        RenderedManifests manifests = ChartFixture.render(scenario);
        assertThat(manifests.all()).extracting(RenderedManifests.Manifest::kind)
                .contains("Deployment", "Service", "ConfigMap", "NetworkPolicy", "ServiceAccount", "CronJob");
    }

    @org.junit.jupiter.api.Test
    void aMisspelledFieldFailsTheParse() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: typo
                spec:
                  replica: 2
                  selector:
                    matchLabels: {app: x}
                  template:
                    metadata:
                      labels: {app: x}
                    spec:
                      containers:
                        - name: x
                          image: x:1
                """;
        assertThatThrownBy(() -> RenderedManifests.parse(deployment))
                .hasMessageContaining("Deployment typo").hasMessageContaining("replica");
        String scaledObject = """
                apiVersion: keda.sh/v1alpha1
                kind: ScaledObject
                metadata:
                  name: typo
                spec:
                  scaleTargetRef: {name: x}
                  maxReplicas: 3
                """;
        assertThatThrownBy(() -> RenderedManifests.parse(scaledObject)).hasMessageContaining("maxReplicas");
    }

    @org.junit.jupiter.api.Test
    void valuesThatBreakTheSchemaAreRefused() {
        Map<String, Object> bad = Map.of(
                "inference.gpu.count", "two",
                "redis.bundled.maxmemoryPolicy", "allkeys-random",
                "gateway.image.tag", "latest",
                "inference.gpu.vendor", "amd",
                "model.sha256", "abc",
                "warmer.concurrencyPolicy", "Allow",
                "auth.mode", "oidc");
        bad.forEach((key, value) -> assertThatThrownBy(
                        () -> ChartFixture.template(ChartFixture.DEFAULTS, Map.of(key, value)))
                .as(key + "=" + value)
                .hasMessageContaining("values don't meet the specifications of the schema"));
    }
}
