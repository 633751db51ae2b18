package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The chart's hooks, which only a real Helm renders (helm-java's template leaves hooks out): the
 * `helm test` pod and the Redis password Secret made once on install.
 */
class ChartHooksTest {

    @Test
    void theHelmTestPodChecksGatewayReadinessAndIsLetThrough() {
        RenderedManifests manifests = RenderedManifests.parse(ChartFixture.templateWithHelm4(ChartFixture.DEFAULTS));
        Pod test = manifests.named(Pod.class, "colorcache-test-gateway-ready");
        assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
        assertThat(test.getMetadata().getLabels()).containsAllEntriesOf(ChartNetworkTest.TEST_POD);
        Container container = test.getSpec().getContainers().get(0);
        assertThat(String.join(" ", container.getArgs()))
                .contains("http://$gateway:9000/q/health/ready")
                .contains("http://$gateway:80/v1/results/").contains("test \"$code\" = 401");
        assertThat(container.getImage()).isEqualTo("docker.io/curlimages/curl:8.11.1");
        assertThat(ChartWorkloadsTest.pods(manifests)).contains(test.getSpec());
        assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(ChartNetworkTest.admits(manifests.named(NetworkPolicy.class, "colorcache-gateway"),
                test.getMetadata().getLabels())).isTrue();
    }

    @Test
    void theRedisPasswordAndTheApiKeyFileAreMadeOnceOnInstallAndKept() {
        RenderedManifests manifests = RenderedManifests.parse(ChartFixture.templateWithHelm4(ChartFixture.DEFAULTS));
        Secret secret = manifests.named(Secret.class, "colorcache-redis-auth");
        assertThat(secret.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install")
                .containsEntry("helm.sh/resource-policy", "keep");
        String password = new String(Base64.getDecoder().decode(secret.getData().get("redis-password")));
        assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");

        Secret keys = manifests.named(Secret.class, "colorcache-api-keys");
        assertThat(keys.getMetadata().getAnnotations()).as("keys added later survive upgrades")
                .containsEntry("helm.sh/hook", "pre-install").containsEntry("helm.sh/resource-policy", "keep");
        assertThat(keys.getStringData().get("api-keys").lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .as("no key until one is created").isEmpty();

        RenderedManifests external = RenderedManifests.parse(
                ChartFixture.templateWithHelm4("external-redis-values.yaml"));
        assertThat(external.ofType(Secret.class)).as("an existing Secret is used as it is").isEmpty();
    }
}
