package io.colorcache.warmer.service;

import java.util.List;

/**
 * What a run found: the candidates (most requested first), how many of them already have a
 * result for the current model, and the SHA-256 of those that do not.
 */
public record WarmPlan(String model, int candidates, int alreadyWarm, List<String> cold) {
}
