package io.colorcache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Redis settings ({@code QUARKUS_REDIS_*}, {@code QUARKUS_TLS_*}) that the chart gives a
 * component's container, and other objects it renders, read from {@code helm template} with the
 * given values, so that a test starts the services and Redis exactly as the chart configures them.
 */
final class ChartEnvironment {

    private ChartEnvironment() {
    }

    /** The Redis environment of the component's Deployment or CronJob. */
    static Map<String, String> redis(String component, Map<String, Object> values) {
        Map<String, String> environment = new HashMap<>();
        for (JsonNode document : render(values)) {
            String kind = document.path("kind").asText();
            if (!component.equals(document.at("/metadata/labels/app.kubernetes.io~1component").asText())) {
                continue;
            }
            JsonNode pod = switch (kind) {
                case "Deployment" -> document.at("/spec/template/spec");
                case "CronJob" -> document.at("/spec/jobTemplate/spec/template/spec");
                default -> null;
            };
            if (pod == null) {
                continue;
            }
            for (JsonNode variable : pod.at("/containers/0/env")) {
                String name = variable.path("name").asText();
                if ((name.startsWith("QUARKUS_REDIS_") || name.startsWith("QUARKUS_TLS_")) && variable.has("value")) {
                    environment.put(name, variable.path("value").asText());
                }
            }
        }
        assertThat(environment).as(component + " Redis environment in the chart").isNotEmpty();
        return environment;
    }

    /** One object the chart renders with these values. */
    static JsonNode object(String kind, String name, Map<String, Object> values) {
        return render(values).stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.at("/metadata/name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name));
    }

    private static List<JsonNode> render(Map<String, Object> values) {
        TemplateCommand template = new Helm(Path.of(System.getProperty("chart.dir"))).template()
                .withName("colorcache").withKubeVersion("v1.31.0");
        for (Map.Entry<String, Object> value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return documents(template.call());
    }

    private static List<JsonNode> documents(String yaml) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            return mapper.readValues(parser, JsonNode.class).readAll().stream().filter(JsonNode::isObject).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
