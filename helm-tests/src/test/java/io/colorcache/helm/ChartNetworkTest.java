package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which pods the NetworkPolicies let through, matched against the labels the chart gives its pods. */
class ChartNetworkTest {

    /** The helm test pod's selector labels (a hook: ChartHooksTest checks the pod carries them). */
    static final Map<String, String> TEST_POD = Map.of("app.kubernetes.io/name", "colorcache",
            "app.kubernetes.io/instance", "colorcache", "app.kubernetes.io/component", "test");

    private static Map<String, String> podLabels(RenderedManifests manifests, String owner) {
        return manifests.podTemplates().get(owner).getMetadata().getLabels();
    }

    private static List<NetworkPolicyPeer> allowedPeers(NetworkPolicy policy) {
        return policy.getSpec().getIngress().stream().flatMap(rule -> rule.getFrom().stream()).toList();
    }

    /** Whether a pod of this release (same namespace) with these labels may connect. */
    static boolean admits(NetworkPolicy policy, Map<String, String> labels) {
        return allowedPeers(policy).stream().anyMatch(peer -> peer.getNamespaceSelector() == null
                && LabelSelectors.matches(peer.getPodSelector(), labels));
    }

    @Test
    void onlyTheThreeServicesReachRedis() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        NetworkPolicy redis = manifests.named(NetworkPolicy.class, "colorcache-redis");
        assertThat(LabelSelectors.matches(redis.getSpec().getPodSelector(), podLabels(manifests, "colorcache-redis")))
                .isTrue();
        assertThat(redis.getSpec().getPolicyTypes()).containsExactly("Ingress");
        for (String client : List.of("colorcache-gateway", "colorcache-inference", "colorcache-cache-warmer")) {
            assertThat(admits(redis, podLabels(manifests, client))).as(client).isTrue();
        }
        assertThat(admits(redis, TEST_POD)).as("helm test pod").isFalse();
        assertThat(admits(redis, Map.of("app.kubernetes.io/name", "colorcache", "app.kubernetes.io/instance", "other",
                "app.kubernetes.io/component", "gateway"))).as("another release's gateway").isFalse();
        assertThat(allowedPeers(redis)).allSatisfy(peer -> assertThat(peer.getNamespaceSelector()).isNull());
        assertThat(redis.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(6379);
    }

    @Test
    void onlyTheIngressControllerAndTheHelmTestReachTheGateway() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        NetworkPolicy gateway = manifests.named(NetworkPolicy.class, "colorcache-gateway");
        assertThat(LabelSelectors.matches(gateway.getSpec().getPodSelector(),
                podLabels(manifests, "colorcache-gateway"))).isTrue();
        LabelSelector ingressNamespace = allowedPeers(gateway).stream()
                .filter(peer -> peer.getNamespaceSelector() != null).findFirst().orElseThrow().getNamespaceSelector();
        assertThat(ingressNamespace.getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
        assertThat(admits(gateway, TEST_POD)).isTrue();
        for (String other : List.of("colorcache-inference", "colorcache-cache-warmer", "colorcache-redis")) {
            assertThat(admits(gateway, podLabels(manifests, other))).as(other).isFalse();
        }
    }

    @Test
    void theIngressControllerReachesOnlyTheApiAndScrapersOnlyHealthAndMetrics() {
        NetworkPolicy gateway = ChartFixture.render(ChartFixture.DEFAULTS).named(NetworkPolicy.class, "colorcache-gateway");
        Map<String, List<String>> namespacesByPort = new java.util.HashMap<>();
        for (NetworkPolicyIngressRule rule : gateway.getSpec().getIngress()) {
            for (var port : rule.getPorts()) {
                namespacesByPort.computeIfAbsent(port.getPort().getStrVal(), p -> new java.util.ArrayList<>())
                        .addAll(rule.getFrom().stream().filter(peer -> peer.getNamespaceSelector() != null)
                                .map(peer -> peer.getNamespaceSelector().getMatchLabels()
                                        .get("kubernetes.io/metadata.name")).toList());
            }
        }
        assertThat(namespacesByPort).containsOnlyKeys("http", "management");
        assertThat(namespacesByPort.get("http")).containsExactly("ingress-nginx");
        assertThat(namespacesByPort.get("management")).containsExactly("monitoring");
    }

    @Test
    void workersAndTheWarmerTakeNoConnectionsButFromMetricsScrapers() {
        // By default Prometheus may scrape the workers: without KEDA their HPA needs its scrapes.
        NetworkPolicy scraped = ChartFixture.render(ChartFixture.DEFAULTS)
                .named(NetworkPolicy.class, "colorcache-inference");
        assertThat(allowedPeers(scraped)).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
        assertThat(ChartFixture.render(ChartFixture.DEFAULTS).named(NetworkPolicy.class, "colorcache-cache-warmer")
                .getSpec().getIngress()).isEmpty();

        NetworkPolicy closed = RenderedManifests.parse(ChartFixture.template("keda-values.yaml",
                Map.of("networkPolicy.metricsFrom", "null"))).named(NetworkPolicy.class, "colorcache-inference");
        assertThat(closed.getSpec().getIngress()).isEmpty();
    }

    @Test
    void theKedaOperatorReadsTheQueueLagFromRedisWhenKedaScalesTheWorkers() {
        NetworkPolicy redis = ChartFixture.render("keda-values.yaml").named(NetworkPolicy.class, "colorcache-redis");
        assertThat(allowedPeers(redis)).filteredOn(peer -> peer.getNamespaceSelector() != null).singleElement()
                .satisfies(peer -> {
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                            .containsEntry("kubernetes.io/metadata.name", "keda");
                    assertThat(peer.getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/name", "keda-operator");
                });
        assertThat(redis.getSpec().getIngress().get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(6379);
    }

    @Test
    void aScalingPathThatCannotGetItsDataIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ChartFixture.template("keda-values.yaml", Map.of("networkPolicy.kedaFrom", "null")))
                .hasMessageContaining("networkPolicy.kedaFrom is empty")
                .hasMessageContaining("the workers would never scale");
        assertThatThrownBy(() -> ChartFixture.template(ChartFixture.DEFAULTS, Map.of("networkPolicy.metricsFrom", "null")))
                .hasMessageContaining("networkPolicy.metricsFrom is empty")
                .hasMessageContaining("HPA on colorcache_inference_queue_lag");
        assertThat(ChartFixture.template(ChartFixture.DEFAULTS, Map.of("networkPolicy.metricsFrom", "null",
                "inference.autoscaling.enabled", "false"))).as("no autoscaling, nothing to scrape for").isNotEmpty();
    }
}
