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
 * component's container, read from {@code helm template} with the given values, so that a test
 * starts the services exactly as the chart configures them.
 */
final class ChartEnvironment {

    private ChartEnvironment() {
    }

    static Map<String, String> redis(String component, Map<String, Object> values) {
        TemplateCommand template = new Helm(Path.of(System.getProperty("chart.dir"))).template()
                .withName("colorcache").withKubeVersion("v1.31.0");
        for (Map.Entry<String, Object> value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        Map<String, String> environment = new HashMap<>();
        for (JsonNode document : documents(template.call())) {
            if (!"Deployment".equals(document.path("kind").asText())
                    || !component.equals(document.at("/metadata/labels/app.kubernetes.io~1component").asText())) {
                continue;
            }
            for (JsonNode variable : document.at("/spec/template/spec/containers/0/env")) {
                String name = variable.path("name").asText();
                if ((name.startsWith("QUARKUS_REDIS_") || name.startsWith("QUARKUS_TLS_")) && variable.has("value")) {
                    environment.put(name, variable.path("value").asText());
                }
            }
        }
        assertThat(environment).as(component + " Redis environment in the chart").isNotEmpty();
        return environment;
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
