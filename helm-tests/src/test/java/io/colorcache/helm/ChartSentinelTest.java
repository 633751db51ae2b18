package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colorcache.helm.CustomResources.ScaledObject;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** redis.mode=sentinel: the services and KEDA ask the sentinels for the primary. */
class ChartSentinelTest {

    private static final String SCENARIO = "sentinel-values.yaml";
    private static final String SENTINELS = "redis-sentinel-0.redis-sentinel.data.svc:26379,"
            + "redis-sentinel-1.redis-sentinel.data.svc:26379,redis-sentinel-2.redis-sentinel.data.svc:26379";

    private static Map<String, String> plainEnv(RenderedManifests manifests, String deployment) {
        List<EnvVar> env = manifests.named(Deployment.class, deployment).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        return env.stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void everyServiceFollowsThePrimaryThroughTheSentinels() {
        RenderedManifests manifests = ChartFixture.render(SCENARIO);
        for (String deployment : List.of("colorcache-gateway", "colorcache-inference")) {
            // Each as its ACL user (the sentinels know the users too).
            String scheme = "redis://" + deployment + "@";
            assertThat(plainEnv(manifests, deployment)).as(deployment)
                    .containsEntry("QUARKUS_REDIS_CLIENT_TYPE", "sentinel")
                    .containsEntry("QUARKUS_REDIS_HOSTS", scheme + SENTINELS.replace(",", "," + scheme))
                    .containsEntry("QUARKUS_REDIS_MASTER_NAME", "colorcache")
                    .containsEntry("QUARKUS_REDIS_ROLE", "master");
        }
        assertThat(manifests.find(StatefulSet.class, "colorcache-redis")).as("no bundled Redis").isEmpty();
        assertThat(manifests.named(ConfigMap.class, "colorcache-shared").getData())
                .containsEntry("COLORCACHE_JOBS_DURABILITY_REPLICAS", "1");
    }

    @Test
    void kedaReadsTheQueueLagThroughTheSentinels() {
        RenderedManifests manifests = ChartFixture.render(SCENARIO);
        assertThat(manifests.ofType(CustomResources.TriggerAuthentication.class).get(0).spec().secretTargetRef())
                .as("the sentinels ask for the lag reader's user and password too")
                .extracting(CustomResources.SecretTargetRef::parameter)
                .containsExactly("username", "password", "sentinelUsername", "sentinelPassword");
        CustomResources.Trigger trigger = manifests.ofType(ScaledObject.class).get(0).spec().triggers().get(0);
        assertThat(trigger.type()).isEqualTo("redis-sentinel-streams");
        assertThat(trigger.metadata()).containsEntry("addresses", SENTINELS)
                .containsEntry("sentinelMaster", "colorcache").containsEntry("stream", "cc:jobs")
                .containsEntry("consumerGroup", "inference").doesNotContainKey("address");
    }

    @Test
    void withoutSentinelsOrWithoutDurabilityTheChartSaysSo() {
        assertThatThrownBy(() -> ChartFixture.template(SCENARIO, Map.of("redis.sentinel.hosts", "null")))
                .hasMessageContaining("redis.sentinel.hosts is required when redis.mode is sentinel");
        assertThat(ChartFixture.installNotes(SCENARIO, Map.of("cache.jobDurability.replicas", "0")))
                .contains("WARNING: Redis fails over (redis.mode=sentinel) but cache.jobDurability.replicas is 0");
        assertThat(ChartFixture.installNotes(SCENARIO, Map.of())).doesNotContain("Redis fails over");
    }
}
