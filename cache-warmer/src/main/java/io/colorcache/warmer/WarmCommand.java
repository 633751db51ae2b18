package io.colorcache.warmer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorcache.warmer.config.WarmerConfig;
import io.colorcache.warmer.service.WarmPlan;
import io.colorcache.warmer.service.WarmPlanner;
import io.quarkus.logging.Log;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One warmer run. Prints a one-line JSON summary; the exit code is 0 on success, 1 when Redis
 * cannot be reached and 2 for a bad command line, so a CronJob's history tells them apart.
 */
@QuarkusMain
public class WarmCommand implements QuarkusApplication {

    static final int EXIT_OK = 0;
    static final int EXIT_REDIS_UNREACHABLE = 1;
    static final int EXIT_USAGE = 2;

    private final WarmPlanner planner;
    private final WarmerConfig config;
    private final ObjectMapper json;

    public WarmCommand(WarmPlanner planner, WarmerConfig config, ObjectMapper json) {
        this.planner = planner;
        this.config = config;
        this.json = json;
    }

    @Override
    public int run(String... args) throws JsonProcessingException {
        WarmOptions options;
        try {
            options = WarmOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(WarmOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            System.out.print(WarmOptions.USAGE);
            return EXIT_OK;
        }
        long start = System.nanoTime();
        WarmPlan plan;
        try {
            plan = planner.plan(options.top().orElse(config.topK()));
        } catch (RuntimeException e) {
            Log.errorf("Cannot read request frequencies from Redis: %s", e.getMessage());
            System.out.println(json.writeValueAsString(Map.of("error", "redis-unreachable", "detail",
                    String.valueOf(e.getMessage()))));
            return EXIT_REDIS_UNREACHABLE;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("model", plan.model());
        summary.put("candidates", plan.candidates());
        summary.put("alreadyWarm", plan.alreadyWarm());
        summary.put("cold", plan.cold().size());
        summary.put("enqueued", 0);
        summary.put("dryRun", true);
        summary.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        summary.put("coldSha256", plan.cold());
        System.out.println(json.writeValueAsString(summary));
        return EXIT_OK;
    }
}
