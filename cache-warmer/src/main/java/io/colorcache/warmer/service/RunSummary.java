package io.colorcache.warmer.service;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one run did, printed as its one-line JSON summary. Filled in by one thread. */
public final class RunSummary {

    /** What a dry run would do with one photo. */
    @RegisterForReflection
    public record PlanEntry(String sha256, String format, String source, Double score, String action) {
    }

    private static final int MAX_ERRORS = 20;

    private final String mode;
    private final String model;
    private final boolean dryRun;
    private final long startNanos = System.nanoTime();
    private String upgradedFrom;
    private int candidates;
    private int alreadyWarm;
    private int enqueued;
    private int failed;
    private int skippedBudget;
    private int skippedNoInput;
    private long pausedMs;
    private Integer waitDone;
    private Integer waitFailed;
    private Integer waitUnfinished;
    private final List<String> errors = new ArrayList<>();
    private final List<PlanEntry> plan = new ArrayList<>();

    public RunSummary(String mode, String model, boolean dryRun) {
        this.mode = mode;
        this.model = model;
        this.dryRun = dryRun;
    }

    void modelUpgrade(String from) {
        this.upgradedFrom = from;
    }

    void candidate() {
        candidates++;
    }

    void alreadyWarm() {
        alreadyWarm++;
    }

    void enqueued() {
        enqueued++;
    }

    void failed(String reason) {
        failed++;
        if (errors.size() < MAX_ERRORS) {
            errors.add(reason);
        }
    }

    void skippedBudget() {
        skippedBudget++;
    }

    void skippedNoInput() {
        skippedNoInput++;
    }

    void paused(long millis) {
        pausedMs = millis;
    }

    void plan(PlanEntry entry) {
        if (dryRun) {
            plan.add(entry);
        }
    }

    void waited(int done, int failedJobs, int unfinished) {
        this.waitDone = done;
        this.waitFailed = failedJobs;
        this.waitUnfinished = unfinished;
    }

    /** Whether more than {@code ratio} of the jobs this run tried failed, enqueueing or (when waited for) running. */
    public boolean mostlyFailed(double ratio) {
        int tried = enqueued + failed;
        int failures = failed + (waitFailed == null ? 0 : waitFailed);
        return tried > 0 && failures > ratio * tried;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("mode", mode);
        map.put("model", model);
        map.put("modelUpgradedFrom", upgradedFrom);
        map.put("dryRun", dryRun);
        map.put("candidates", candidates);
        map.put("alreadyWarm", alreadyWarm);
        map.put(dryRun ? "wouldEnqueue" : "enqueued", dryRun ? plannedEnqueues() : enqueued);
        map.put("failed", failed);
        map.put("skippedBudget", skippedBudget);
        map.put("skippedNoInput", skippedNoInput);
        map.put("pausedMs", pausedMs);
        if (waitDone != null) {
            map.put("jobsDone", waitDone);
            map.put("jobsFailed", waitFailed);
            map.put("jobsUnfinished", waitUnfinished);
        }
        map.put("durationMs", (System.nanoTime() - startNanos) / 1_000_000);
        if (!errors.isEmpty()) {
            map.put("errors", errors);
        }
        if (dryRun) {
            map.put("plan", plan);
        }
        return map;
    }

    private long plannedEnqueues() {
        return plan.stream().filter(p -> "enqueue".equals(p.action())).count();
    }
}
