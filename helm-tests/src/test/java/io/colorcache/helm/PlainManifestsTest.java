package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * k8s/colorcache.yaml is the chart rendered with its default values for kubectl users, except
 * that the Redis password comes from a Secret they create (no password is committed), and
 * without `helm test` hooks. Regenerate with bin/render-k8s.
 */
class PlainManifestsTest {

    static final Map<String, Object> PLAIN = Map.of("redis.auth.existingSecret", "colorcache-redis-auth");

    static String render() {
        String rendered = ChartFixture.template(ChartFixture.DEFAULTS, PLAIN);
        String objects = Arrays.stream(rendered.split("(?m)^---\\s*$"))
                .map(String::strip)
                .filter(doc -> !doc.isEmpty() && !doc.contains("helm.sh/hook:"))
                .collect(Collectors.joining("\n---\n"));
        return """
                # Generated from helm/colorcache with its default values (bin/render-k8s); do not edit.
                # Release "colorcache" in namespace "colorcache". Before applying, create the Redis password:
                #   kubectl -n colorcache create secret generic colorcache-redis-auth --from-literal=redis-password=...
                ---
                """ + objects + "\n";
    }

    @Test
    void theCommittedManifestsAreTheChartRenderedWithItsDefaults() throws IOException {
        Path committed = Path.of(System.getProperty("k8s.dir", "../k8s")).resolve("colorcache.yaml");
        String expected = render();
        if (Boolean.getBoolean("k8s.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, expected);
        }
        assertThat(committed).as("k8s/colorcache.yaml is missing: run bin/render-k8s").exists();
        assertThat(Files.readString(committed)).as("k8s/colorcache.yaml is stale: run bin/render-k8s")
                .isEqualTo(expected);
        RenderedManifests parsed = RenderedManifests.parse(Files.readString(committed));
        assertThat(parsed.all()).extracting(RenderedManifests.Manifest::kind)
                .doesNotContain("Pod").contains("Deployment", "StatefulSet", "CronJob", "NetworkPolicy");
        assertThat(parsed.all()).noneMatch(m -> m.kind().equals("Secret"));
    }
}
