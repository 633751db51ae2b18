package io.colorcache.warmer.service;

import io.colorcache.protocol.ModelRef;
import io.colorcache.warmer.config.WarmerConfig;
import io.colorcache.warmer.redis.RequestFrequencies;
import io.colorcache.warmer.redis.ResultPresence;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the request counts of the look-back window, takes the top K photos and splits them into
 * warm and cold. (Time decay, rate-limited enqueueing and the other modes come with the
 * warmer's own issue.)
 */
@ApplicationScoped
public class WarmPlanner {

    private final RequestFrequencies frequencies;
    private final ResultPresence results;
    private final WarmerConfig config;
    private final ModelRef model;
    private final Clock clock;

    public WarmPlanner(RequestFrequencies frequencies, ResultPresence results, WarmerConfig config, ModelRef model) {
        this.frequencies = frequencies;
        this.results = results;
        this.config = config;
        this.model = model;
        this.clock = Clock.systemUTC();
    }

    public WarmPlan plan(int topK) {
        Map<String, Double> requests = new HashMap<>();
        LocalDate today = LocalDate.now(clock);
        for (int d = 0; d < config.lookbackDays(); d++) {
            for (ScoredValue<String> entry : frequencies.top(today.minusDays(d), topK)) {
                requests.merge(entry.value(), entry.score(), Double::sum);
            }
        }
        List<String> ranked = requests.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(topK)
                .map(Map.Entry::getKey)
                .toList();
        List<String> cold = new ArrayList<>();
        for (String sha : ranked) {
            if (!results.isWarm(sha)) {
                cold.add(sha);
            }
        }
        return new WarmPlan(model.token(), ranked.size(), ranked.size() - cold.size(), cold);
    }
}
