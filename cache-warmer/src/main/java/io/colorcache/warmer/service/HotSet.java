package io.colorcache.warmer.service;

import io.colorcache.common.config.FrequencyConfig;
import io.colorcache.warmer.config.WarmerConfig;
import io.colorcache.warmer.redis.RequestFrequencies;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most requested photos: each day's count weighted by {@code 0.5^(age / half-life)} (today's
 * weighs 1), summed over the look-back window, highest score first.
 */
@ApplicationScoped
public class HotSet {

    /** A photo and its time-decayed request count. */
    public record Entry(String sha256, double score) {
    }

    private final RequestFrequencies frequencies;
    private final int lookbackDays;
    private final int perDayDepth;
    private final double halfLifeDays;

    public HotSet(RequestFrequencies frequencies, FrequencyConfig frequency, WarmerConfig config) {
        this.frequencies = frequencies;
        this.lookbackDays = frequency.lookbackDays();
        this.perDayDepth = config.perDayDepth();
        this.halfLifeDays = config.halfLife().toMillis() / (double) Duration.ofDays(1).toMillis();
    }

    public List<Entry> top(int k, LocalDate today) {
        Map<String, Double> scores = new HashMap<>();
        for (int age = 0; age < lookbackDays; age++) {
            double weight = Math.pow(0.5, age / halfLifeDays);
            for (ScoredValue<String> day : frequencies.top(today.minusDays(age), perDayDepth)) {
                scores.merge(day.value(), day.score() * weight, Double::sum);
            }
        }
        return scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(k)
                .map(e -> new Entry(e.getKey(), e.getValue()))
                .toList();
    }
}
