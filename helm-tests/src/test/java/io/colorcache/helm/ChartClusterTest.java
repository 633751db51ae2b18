package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colorcache.helm.CustomResources.ScaledObject;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** redis.mode=cluster: the services and KEDA use the Redis Cluster's nodes. */
class ChartClusterTest {

    private static final String SCENARIO = "cluster-values.yaml";
    private static final String NODES = "redis-cluster-0.redis-cluster.data.svc:6379,"
            + "redis-cluster-1.redis-cluster.data.svc:6379,redis-cluster-2.redis-cluster.data.svc:6379";

    private static Map<String, String> plainEnv(List<EnvVar> env) {
        return env.stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void everyServiceIsAClusterClientOfTheGivenNodes() {
        RenderedManifests manifests = ChartFixture.render(SCENARIO);
        Map<String, List<EnvVar>> envs = Map.of(
                "colorcache-gateway", manifests.named(Deployment.class, "colorcache-gateway").getSpec().getTemplate()
                        .getSpec().getContainers().get(0).getEnv(),
                "colorcache-inference", manifests.named(Deployment.class, "colorcache-inference").getSpec().getTemplate()
                        .getSpec().getContainers().get(0).getEnv(),
                "colorcache-warmer", manifests.named(CronJob.class, "colorcache-cache-warmer").getSpec().getJobTemplate()
                        .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv());
        for (Map.Entry<String, List<EnvVar>> entry : envs.entrySet()) {
            List<EnvVar> env = entry.getValue();
            String scheme = "redis://" + entry.getKey() + "@";
            assertThat(plainEnv(env)).as(entry.getKey()).containsEntry("QUARKUS_REDIS_CLIENT_TYPE", "cluster")
                    .containsEntry("QUARKUS_REDIS_HOSTS", scheme + NODES.replace(",", "," + scheme))
                    .doesNotContainKey("QUARKUS_REDIS_MASTER_NAME");
            assertThat(env).anySatisfy(e -> assertThat(e.getName()).isEqualTo("QUARKUS_REDIS_PASSWORD"));
        }
        assertThat(manifests.find(StatefulSet.class, "colorcache-redis")).as("no bundled Redis").isEmpty();
    }

    @Test
    void kedaReadsTheQueueLagFromTheCluster() {
        CustomResources.Trigger trigger = ChartFixture.render(SCENARIO).ofType(ScaledObject.class).get(0).spec()
                .triggers().get(0);
        assertThat(trigger.type()).isEqualTo("redis-cluster-streams");
        assertThat(trigger.metadata()).containsEntry("addresses", NODES).containsEntry("stream", "cc:jobs")
                .containsEntry("consumerGroup", "inference").doesNotContainKey("address");
    }

    @Test
    void withoutNodesOrAskedToWaitForReplicasTheRenderingSaysWhy() {
        assertThatThrownBy(() -> ChartFixture.template(SCENARIO, Map.of("redis.cluster.nodes", "null")))
                .hasMessageContaining("redis.cluster.nodes is required when redis.mode is cluster");
        assertThatThrownBy(() -> ChartFixture.template(SCENARIO, Map.of("cache.jobDurability.replicas", "1")))
                .hasMessageContaining("cache.jobDurability.replicas must be 0 when redis.mode is cluster");
        assertThat(ChartFixture.installNotes(SCENARIO, Map.of()))
                .contains("Redis: the cluster of " + NODES + "; the job stream cc:jobs lives on one of its shards.");
    }
}
