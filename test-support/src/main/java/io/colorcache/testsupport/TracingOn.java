package io.colorcache.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A test profile with the OpenTelemetry SDK on, every span sampled and handed at once to the
 * application's span exporters (the tests' in-memory one); the OTLP endpoint is a closed port.
 */
public class TracingOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.simple", "true",
                "quarkus.otel.traces.sampler", "always_on", "quarkus.otel.exporter.otlp.traces.endpoint",
                "http://127.0.0.1:1");
    }
}
