package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operators' alerts: off by default; on, one PrometheusRule (parsed with unknown fields
 * refused) holding every alert the issue names, each scoped to this release's services, with a
 * severity, a summary and a runbook, its thresholds from the values; expressions well formed.
 */
class ChartAlertsTest {

    private static final List<String> ALERTS = List.of("ColorcacheInteractiveQueueLagGrowing",
            "ColorcacheDeadLetters", "ColorcacheHitRateDropped", "ColorcacheNoReadyWorker",
            "ColorcacheRedisUnavailable", "ColorcacheHitLatencyHigh", "ColorcacheGpuSecondsPerImageRising");

    private static List<CustomResources.Rule> rules(Map<String, Object> sets) {
        List<CustomResources.PrometheusRule> found = RenderedManifests.parse(
                ChartFixture.template(ChartFixture.DEFAULTS, sets)).ofType(CustomResources.PrometheusRule.class);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).spec().groups()).hasSize(1);
        return found.get(0).spec().groups().get(0).rules();
    }

    private static CustomResources.Rule rule(List<CustomResources.Rule> rules, String alert) {
        return rules.stream().filter(r -> alert.equals(r.alert())).findFirst().orElseThrow();
    }

    @Test
    void offByDefault() {
        assertThat(RenderedManifests.parse(ChartFixture.template(ChartFixture.DEFAULTS, Map.of()))
                .ofType(CustomResources.PrometheusRule.class)).isEmpty();
    }

    @Test
    void everyAlertIsThereScopedToThisReleaseWithASeverityASummaryAndARunbook() {
        List<CustomResources.Rule> rules = rules(Map.of("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.alertLabels.team", "photos"));
        assertThat(rules).extracting(CustomResources.Rule::alert).containsExactlyInAnyOrderElementsOf(ALERTS);
        for (CustomResources.Rule rule : rules) {
            String expr = rule.expr();
            assertThat(rule.labels()).as(rule.alert()).containsKey("severity").containsEntry("team", "photos");
            assertThat(rule.labels().get("severity")).isIn("warning", "critical");
            assertThat(rule.annotations()).as(rule.alert()).containsKeys("summary", "description", "runbook");
            assertThat(rule.annotations().get("runbook").lines().filter(l -> l.matches("\\s*\\d\\. .*")).count())
                    .as("numbered steps in the runbook of " + rule.alert()).isGreaterThanOrEqualTo(3);
            assertThat(expr).as(rule.alert()).contains("namespace=\"colorcache\"").contains("colorcache-");
            assertThat(balanced(expr)).as("brackets of " + rule.alert() + ": " + expr).isTrue();
            assertThat(expr).as(rule.alert()).doesNotContain("{{").doesNotContain("<no value>").doesNotContain("{,");
        }
        assertThat(rule(rules, "ColorcacheInteractiveQueueLagGrowing").forDuration()).isEqualTo("10m");
        assertThat(rule(rules, "ColorcacheInteractiveQueueLagGrowing").expr()).contains("stream=\"interactive\"")
                .contains("[10m:1m]");
        assertThat(rule(rules, "ColorcacheRedisUnavailable").expr())
                .contains("colorcache_gateway_redis_unavailable_total{namespace=\"colorcache\",service=\"colorcache-gateway\"}");
        assertThat(rule(rules, "ColorcacheNoReadyWorker").expr())
                .contains("kube_deployment_status_replicas_ready{namespace=\"colorcache\",deployment=\"colorcache-inference\"}");
        assertThat(rule(rules, "ColorcacheDeadLetters").annotations().get("runbook")).contains("XREVRANGE cc:dead");
    }

    @Test
    void thresholdsComeFromTheValues() {
        List<CustomResources.Rule> defaults = rules(Map.of("metrics.prometheusRule.enabled", true));
        assertThat(rule(defaults, "ColorcacheHitLatencyHigh").expr()).endsWith("> 0.05\n");
        assertThat(rule(defaults, "ColorcacheHitRateDropped").expr()).contains("< 0.5 * (");
        assertThat(rule(defaults, "ColorcacheGpuSecondsPerImageRising").expr()).contains("group_left() 1.5 * (");
        List<CustomResources.Rule> tuned = rules(Map.of("metrics.prometheusRule.enabled", true,
                "metrics.prometheusRule.hitP99Seconds", 1, "metrics.prometheusRule.gpuSecondsPerImageRatio", 3));
        assertThat(rule(tuned, "ColorcacheHitLatencyHigh").expr()).endsWith("> 1\n");
        assertThat(rule(tuned, "ColorcacheGpuSecondsPerImageRising").expr()).contains("group_left() 3 * (");
        assertThatThrownBy(() -> ChartFixture.template(ChartFixture.DEFAULTS, Map.of("metrics.prometheusRule.enabled",
                true, "metrics.prometheusRule.gpuSecondsPerImageRatio", 1))).hasMessageContaining("gpuSecondsPerImageRatio");
    }

    /** Whether (), [] and {} nest properly outside quoted strings. */
    static boolean balanced(String expr) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && "([{".indexOf(c) >= 0) {
                open.append(c);
            } else if (!quoted && ")]}".indexOf(c) >= 0) {
                if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
                    return false;
                }
                open.setLength(open.length() - 1);
            }
        }
        return open.isEmpty() && !quoted;
    }
}
