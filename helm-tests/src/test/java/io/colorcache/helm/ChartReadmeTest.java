package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * helm/colorcache/README.md is generated from the commented values.yaml (ChartReadme; regenerate
 * with bin/chart-readme): the committed file is the current one, and every value in it has a
 * description, so no key of values.yaml goes undocumented.
 */
class ChartReadmeTest {

    @Test
    void theCommittedChartReadmeIsGeneratedFromTheCurrentValues() throws IOException {
        Path chart = ChartFixture.chart();
        Path committed = chart.resolve("README.md");
        String expected = ChartReadme.generate(chart);
        if (Boolean.getBoolean("chart.readme.update")) {
            Files.writeString(committed, expected);
        }
        assertThat(committed).as("helm/colorcache/README.md is missing: run bin/chart-readme").exists();
        assertThat(Files.readString(committed)).as("helm/colorcache/README.md is stale: run bin/chart-readme")
                .isEqualTo(expected);
    }

    @Test
    void everyValueIsDescribedAndEveryTopLevelSectionAppears() throws IOException {
        List<ChartReadme.Documented> keys = ChartReadme.documentedKeys(
                Files.readAllLines(ChartFixture.chart().resolve("values.yaml")));
        assertThat(keys).extracting(ChartReadme.Documented::path).contains("model.sha256",
                "tracing.otlpEndpoint", "metrics.prometheusRule.hitP99Seconds", "gateway.swaggerUi",
                "networkPolicy.egress.otlpTo");
        assertThat(keys).allSatisfy(key -> assertThat(key.description()).as(key.path()).isNotBlank());
        String readme = ChartReadme.generate(ChartFixture.chart());
        assertThat(readme).contains("| `tracing.samplingRatio` | float | `0.1` |")
                .contains("| `gateway.swaggerUi` | bool | `false` |")
                .doesNotContain("namespaceSelector.matchLabels");
    }
}
