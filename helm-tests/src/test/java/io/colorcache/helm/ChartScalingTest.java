package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.helm.CustomResources.ScaledObject;
import io.colorcache.helm.CustomResources.TriggerAuthentication;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

/** Autoscaling: the gateway on CPU, the workers on the queue lag through KEDA or an external-metric HPA. */
class ChartScalingTest {

    private static final String GATEWAY = "colorcache-gateway";
    private static final String INFERENCE = "colorcache-inference";

    @Test
    void theGatewayScalesOnCpuWithinItsBoundsAndKeepsOnePodThroughDisruptions() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        HorizontalPodAutoscaler hpa = manifests.named(HorizontalPodAutoscaler.class, GATEWAY);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(GATEWAY);
        MetricSpec cpu = hpa.getSpec().getMetrics().get(0);
        assertThat(cpu.getResource().getName()).isEqualTo("cpu");
        assertThat(cpu.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
        assertThat(manifests.named(Deployment.class, GATEWAY).getSpec().getReplicas())
                .as("the HPA owns the replica count").isNull();
        assertThat(manifests.named(PodDisruptionBudget.class, GATEWAY).getSpec().getMinAvailable().getIntVal())
                .isEqualTo(1);

        HorizontalPodAutoscaler withCustom = ChartFixture.render("default-values.yaml")
                .named(HorizontalPodAutoscaler.class, GATEWAY);
        assertThat(withCustom.getSpec().getMetrics()).hasSize(2);
        assertThat(withCustom.getSpec().getMetrics().get(1).getPods().getMetric().getName())
                .isEqualTo("colorcache_gateway_waiters");
    }

    @Test
    void withoutKedaTheWorkersScaleOnTheQueueLagAsAnExternalMetric() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        assertThat(manifests.ofType(ScaledObject.class)).isEmpty();
        HorizontalPodAutoscaler hpa = manifests.named(HorizontalPodAutoscaler.class, INFERENCE);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(1);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(4);
        MetricSpec lag = hpa.getSpec().getMetrics().get(0);
        assertThat(lag.getType()).isEqualTo("External");
        assertThat(lag.getExternal().getMetric().getName()).isEqualTo("colorcache_inference_queue_lag");
        assertThat(lag.getExternal().getMetric().getSelector().getMatchLabels()).containsEntry("stream", "interactive");
        assertThat(lag.getExternal().getTarget().getAverageValue().getAmount()).isEqualTo("16");
    }

    @Test
    void withKedaTheWorkersScaleFromZeroOnTheRedisStreamLag() {
        RenderedManifests manifests = ChartFixture.render("keda-values.yaml");
        assertThat(manifests.find(HorizontalPodAutoscaler.class, INFERENCE)).as("KEDA makes its own HPA").isEmpty();
        ScaledObject scaled = manifests.ofType(ScaledObject.class).get(0);
        assertThat(scaled.spec().scaleTargetRef().name()).isEqualTo(INFERENCE);
        assertThat(scaled.spec().minReplicaCount()).isZero();
        assertThat(scaled.spec().maxReplicaCount()).isEqualTo(12);
        assertThat(scaled.spec().pollingInterval()).isEqualTo(10);
        assertThat(scaled.spec().cooldownPeriod()).isEqualTo(600);
        CustomResources.Trigger trigger = scaled.spec().triggers().get(0);
        assertThat(trigger.type()).isEqualTo("redis-streams");
        assertThat(trigger.metadata()).containsEntry("address", "colorcache-redis:6379")
                .containsEntry("stream", "cc:jobs").containsEntry("consumerGroup", "inference")
                .containsEntry("lagCount", "32").containsEntry("activationLagCount", "1")
                .containsEntry("enableTLS", "false");
        assertThat(trigger.metadata().values()).as("KEDA metadata values are strings")
                .allSatisfy(value -> assertThat(value).isInstanceOf(String.class));
        assertThat(trigger.authenticationRef().name()).isEqualTo(INFERENCE);
        TriggerAuthentication auth = manifests.ofType(TriggerAuthentication.class).get(0);
        assertThat(auth.spec().secretTargetRef()).as("KEDA reads the lag as the lag reader")
                .extracting(ref -> ref.parameter() + "=" + ref.name() + "/" + ref.key())
                .containsExactly("username=colorcache-keda-redis-user/username", "password=colorcache-redis-users/lagReader");
        assertThat(manifests.named(Secret.class, "colorcache-keda-redis-user").getStringData())
                .containsEntry("username", "colorcache-lag-reader");
        assertThat(manifests.named(Deployment.class, INFERENCE).getSpec().getReplicas()).isNull();
    }

    @Test
    void withAutoscalingOffReplicasAreFixed() {
        RenderedManifests manifests = ChartFixture.render("cpu-only-values.yaml");
        assertThat(manifests.ofType(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(manifests.ofType(ScaledObject.class)).isEmpty();
        assertThat(manifests.named(Deployment.class, INFERENCE).getSpec().getReplicas()).isEqualTo(1);
        assertThat(manifests.named(Deployment.class, GATEWAY).getSpec().getReplicas()).isEqualTo(1);
    }
}
