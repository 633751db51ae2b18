package io.colorcache.helm;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * Models of the custom resources the chart renders, with exactly the fields their CRDs define
 * that the chart may use: parsed with unknown fields refused, a misspelled field fails.
 */
final class CustomResources {

    private CustomResources() {
    }

    /** KEDA ScaledObject (keda.sh/v1alpha1). Trigger metadata is a string map in KEDA's API. */
    record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec) {
    }

    record ScaledObjectSpec(ScaleTargetRef scaleTargetRef, Integer minReplicaCount, Integer maxReplicaCount,
            Integer pollingInterval, Integer cooldownPeriod, Integer idleReplicaCount, List<Trigger> triggers) {
    }

    record ScaleTargetRef(String name, String kind, String apiVersion) {
    }

    record Trigger(String type, String name, Map<String, Object> metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(String name, String kind) {
    }

    /** KEDA TriggerAuthentication (keda.sh/v1alpha1). */
    record TriggerAuthentication(String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec) {
    }

    record TriggerAuthenticationSpec(List<SecretTargetRef> secretTargetRef) {
    }

    record SecretTargetRef(String parameter, String name, String key) {
    }

    /** Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1). */
    record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, ServiceMonitorSpec spec) {
    }

    record ServiceMonitorSpec(LabelSelector selector, NamespaceSelector namespaceSelector, List<Endpoint> endpoints) {
    }

    record NamespaceSelector(List<String> matchNames, Boolean any) {
    }

    record Endpoint(String port, String path, String interval, String scrapeTimeout) {
    }

    /** Prometheus Operator PrometheusRule (monitoring.coreos.com/v1). */
    record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, PrometheusRuleSpec spec) {
    }

    record PrometheusRuleSpec(List<RuleGroup> groups) {
    }

    record RuleGroup(String name, String interval, List<Rule> rules) {
    }

    record Rule(String alert, String record, String expr, @JsonProperty("for") String forDuration,
            Map<String, String> labels, Map<String, String> annotations) {
    }
}
