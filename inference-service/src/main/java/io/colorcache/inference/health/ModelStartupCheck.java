package io.colorcache.inference.health;

import io.colorcache.inference.model.ModelHolder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * Up once the model is loaded and one warm-up inference has run: the startup probe waits for
 * it, and readiness needs it too (Redis readiness comes from the Redis extension).
 */
@Startup
@Readiness
@ApplicationScoped
public class ModelStartupCheck implements HealthCheck {

    private final ModelHolder holder;

    public ModelStartupCheck(ModelHolder holder) {
        this.holder = holder;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model").withData("model", holder.model().token());
        return holder.colorizer()
                .map(c -> response.up().withData("provider", c.provider().token()).withData("inputSize", c.size()))
                .orElseGet(() -> response.down().withData("state",
                        holder.failure().map(e -> "failed: " + e.getMessage()).orElse("loading")))
                .build();
    }
}
