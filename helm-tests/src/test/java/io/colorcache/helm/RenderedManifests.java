package io.colorcache.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects of a rendered chart, each parsed into its typed model: fabric8's for Kubernetes
 * kinds, {@link CustomResources} for KEDA and the Prometheus Operator. A kind without a model, or
 * a field the model does not know, fails the parse.
 */
final class RenderedManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", CustomResources.ScaledObject.class),
            Map.entry("keda.sh/v1alpha1/TriggerAuthentication", CustomResources.TriggerAuthentication.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", CustomResources.ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", CustomResources.PrometheusRule.class));

    /** One rendered object: its typed model and the YAML it came from. */
    record Manifest(String apiVersion, String kind, String name, Object model, JsonNode raw) {
    }

    private final List<Manifest> manifests;

    private RenderedManifests(List<Manifest> manifests) {
        this.manifests = manifests;
    }

    static RenderedManifests parse(String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                manifests.add(toManifest(doc));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RenderedManifests(manifests);
    }

    private static Manifest toManifest(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        String name = doc.path("metadata").path("name").asText();
        Class<?> model = MODELS.get(apiVersion + "/" + kind);
        if (model == null) {
            throw new AssertionError("no model for " + apiVersion + " " + kind + " " + name);
        }
        Object parsed;
        try {
            parsed = YAML.treeToValue(doc, model);
        } catch (JsonProcessingException e) {
            throw new AssertionError(kind + " " + name + " does not parse: " + e.getOriginalMessage(), e);
        }
        List<String> unknown = UnknownFields.of(parsed);
        if (!unknown.isEmpty()) {
            throw new AssertionError(kind + " " + name + " has fields its model does not know: " + unknown);
        }
        return new Manifest(apiVersion, kind, name, parsed, doc);
    }

    List<Manifest> all() {
        return manifests;
    }

    <T> List<T> ofType(Class<T> type) {
        return manifests.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return ofType(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** Every pod template of the release (Deployments, StatefulSets, CronJobs), by owner name. */
    Map<String, PodTemplateSpec> podTemplates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        ofType(Deployment.class).forEach(d -> templates.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        ofType(StatefulSet.class).forEach(s -> templates.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        ofType(CronJob.class).forEach(c -> templates.put(c.getMetadata().getName(),
                c.getSpec().getJobTemplate().getSpec().getTemplate()));
        return templates;
    }
}
