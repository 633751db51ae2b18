package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tracing values: off by default (the SDK off in every pod); on, the services get the collector's
 * endpoint and sampling ratio, and the gateway and workers may reach the collector's port and no
 * more; on without an endpoint is refused.
 */
class ChartTracingTest {

    private static final Map<String, Object> ON = Map.of("tracing.enabled", true, "tracing.otlpEndpoint",
            "http://otel-collector.observability:4317", "tracing.samplingRatio", 1);

    private static RenderedManifests render(Map<String, Object> sets) {
        return RenderedManifests.parse(ChartFixture.template(ChartFixture.DEFAULTS, sets));
    }

    @Test
    void offByDefaultTheSdkIsOffAndNothingMoreMayBeReached() {
        RenderedManifests manifests = render(Map.of());
        Map<String, String> shared = manifests.named(ConfigMap.class, "colorcache-shared").getData();
        assertThat(shared).containsEntry("QUARKUS_OTEL_SDK_DISABLED", "true")
                .doesNotContainKey("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        assertThat(ChartEgressTest.allows(manifests.named(NetworkPolicy.class, "colorcache-gateway"), "10.3.0.20",
                4317)).isFalse();
    }

    @Test
    void onTheServicesExportToTheCollectorAndMayReachItsPortOnly() {
        RenderedManifests manifests = render(ON);
        Map<String, String> shared = manifests.named(ConfigMap.class, "colorcache-shared").getData();
        assertThat(shared).containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector.observability:4317")
                .containsEntry("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1");
        for (String component : new String[] {"colorcache-gateway", "colorcache-inference"}) {
            NetworkPolicy policy = manifests.named(NetworkPolicy.class, component);
            assertThat(ChartEgressTest.allows(policy, "10.3.0.20", 4317)).as(component).isTrue();
            assertThat(ChartEgressTest.allows(policy, "10.3.0.20", 4318)).as(component).isFalse();
        }
        assertThat(ChartEgressTest.allows(manifests.named(NetworkPolicy.class, "colorcache-cache-warmer"),
                "10.3.0.20", 4317)).as("the warmer is not traced").isFalse();
        NetworkPolicy custom = render(Map.of("tracing.enabled", true, "tracing.otlpEndpoint", "http://collector:14317",
                "networkPolicy.egress.otlpTo[0].ipBlock.cidr", "10.9.0.0/16"))
                .named(NetworkPolicy.class, "colorcache-gateway");
        assertThat(ChartEgressTest.allows(custom, "10.9.1.1", 14317)).isTrue();
        assertThat(ChartEgressTest.allows(custom, "10.3.0.20", 14317)).as("only the collector's peers").isFalse();
    }

    @Test
    void onWithoutAnEndpointIsRefused() {
        assertThatThrownBy(() -> ChartFixture.template(ChartFixture.DEFAULTS, Map.of("tracing.enabled", true)))
                .hasMessageContaining("tracing.otlpEndpoint");
        assertThatThrownBy(() -> ChartFixture.template(ChartFixture.DEFAULTS, Map.of("tracing.enabled", true,
                "tracing.otlpEndpoint", "http://collector:4317", "tracing.samplingRatio", 2)))
                .hasMessageContaining("samplingRatio");
    }
}
