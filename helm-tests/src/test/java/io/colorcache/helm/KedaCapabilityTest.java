package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keda.enabled=auto follows the cluster's API: checked with a real Helm 4 binary, which can
 * pretend a cluster serves keda.sh/v1alpha1 (--api-versions); helm-java's template cannot.
 */
class KedaCapabilityTest {

    private static final String KEDA_API = "keda.sh/v1alpha1/ScaledObject";

    private static RenderedManifests render(String... args) {
        return RenderedManifests.parse(ChartFixture.templateWithHelm4(ChartFixture.DEFAULTS, args));
    }

    @Test
    void aClusterServingKedaGetsAScaledObjectOthersAnHpa() {
        RenderedManifests withKeda = render("--api-versions", KEDA_API);
        assertThat(withKeda.ofType(CustomResources.ScaledObject.class)).hasSize(1);
        assertThat(withKeda.find(HorizontalPodAutoscaler.class, "colorcache-inference")).isEmpty();

        RenderedManifests without = render();
        assertThat(without.ofType(CustomResources.ScaledObject.class)).isEmpty();
        assertThat(without.find(HorizontalPodAutoscaler.class, "colorcache-inference")).isPresent();

        RenderedManifests forcedOff = render("--api-versions", KEDA_API, "--set", "inference.autoscaling.keda.enabled=false");
        assertThat(forcedOff.ofType(CustomResources.ScaledObject.class)).isEmpty();
    }

    @Test
    void helm4LintsTheChartStrictlyToo() {
        String output = ChartFixture.run(List.of(ChartFixture.helm4().toString(), "lint", "--strict",
                ChartFixture.chart().toString()));
        assertThat(output).contains("0 chart(s) failed");
    }
}
