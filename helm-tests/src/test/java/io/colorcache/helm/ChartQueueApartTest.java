package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colorcache.helm.CustomResources.ScaledObject;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** redis.queue.mode: the queue in a Redis of its own, the cache free to evict any result. */
class ChartQueueApartTest {

    private static final String SCENARIO = "queue-apart-values.yaml";

    private static String startCommand(RenderedManifests manifests, String name) {
        return String.join(" ", manifests.named(StatefulSet.class, name).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getArgs());
    }

    private static Map<String, String> plainEnv(List<EnvVar> env) {
        return env.stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void theCacheEvictsAnyResultAndTheQueueNothing() {
        RenderedManifests manifests = ChartFixture.render(SCENARIO);
        assertThat(startCommand(manifests, "colorcache-redis")).contains("--maxmemory-policy allkeys-lfu")
                .contains("--appendonly no");
        assertThat(startCommand(manifests, "colorcache-redis-queue")).contains("--maxmemory 2gb")
                .contains("--maxmemory-policy noeviction").contains("--appendonly yes")
                .contains("--aclfile /run/redis-acl/users.acl");
        assertThat(manifests.named(StatefulSet.class, "colorcache-redis-queue").getSpec().getVolumeClaimTemplates())
                .singleElement().satisfies(claim -> assertThat(claim.getSpec().getResources().getRequests()
                        .get("storage").toString()).isEqualTo("16Gi"));
        assertThat(manifests.named(Service.class, "colorcache-redis-queue").getSpec().getSelector())
                .containsEntry("app.kubernetes.io/component", "redis-queue");
        for (String redis : List.of("colorcache-redis", "colorcache-redis-queue")) {
            NetworkPolicy policy = manifests.named(NetworkPolicy.class, redis);
            assertThat(LabelSelectors.matches(policy.getSpec().getPodSelector(),
                    manifests.podTemplates().get(redis).getMetadata().getLabels())).as("a policy covers " + redis)
                    .isTrue();
            assertThat(ChartNetworkTest.admits(policy, manifests.podTemplates().get("colorcache-inference")
                    .getMetadata().getLabels())).isTrue();
        }
    }

    @Test
    void everyServiceFindsTheQueueInItsOwnRedisAndKedaReadsTheLagThere() {
        RenderedManifests manifests = ChartFixture.render(SCENARIO);
        Map<String, List<EnvVar>> envs = Map.of(
                "gateway", manifests.named(Deployment.class, "colorcache-gateway").getSpec().getTemplate().getSpec()
                        .getContainers().get(0).getEnv(),
                "inference", manifests.named(Deployment.class, "colorcache-inference").getSpec().getTemplate()
                        .getSpec().getContainers().get(0).getEnv(),
                "warmer", manifests.named(CronJob.class, "colorcache-cache-warmer").getSpec().getJobTemplate()
                        .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
        envs.forEach((component, env) -> assertThat(plainEnv(env)).as(component)
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://colorcache-" + component + "@colorcache-redis:6379")
                .containsEntry("QUARKUS_REDIS_QUEUE_HOSTS", "redis://colorcache-" + component + "@colorcache-redis-queue:6379")
                .containsEntry("QUARKUS_REDIS_QUEUE_CLIENT_TYPE", "standalone"));
        CustomResources.Trigger trigger = manifests.ofType(ScaledObject.class).get(0).spec().triggers().get(0);
        assertThat(trigger.metadata()).containsEntry("address", "colorcache-redis-queue:6379");
        assertThat(ChartFixture.installNotes(SCENARIO, Map.of())).contains("The queue (job streams, records, locks,"
                + " uploads, completions) is apart, in colorcache-redis-queue:6379 (bundled, noeviction, AOF)");
    }

    @Test
    void aCacheThatMayEvictAnythingIsRefusedWhileItHoldsTheQueue() {
        assertThatThrownBy(() -> ChartFixture.template(SCENARIO, Map.of("redis.queue.mode", "shared")))
                .hasMessageContaining("redis.bundled.maxmemoryPolicy allkeys-lfu would evict queued jobs");
        assertThatThrownBy(() -> ChartFixture.template(SCENARIO, Map.of("redis.queue.mode", "external")))
                .hasMessageContaining("redis.queue.external.host is required when redis.queue.mode is external");
    }
}
