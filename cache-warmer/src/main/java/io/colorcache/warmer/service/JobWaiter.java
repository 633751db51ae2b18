package io.colorcache.warmer.service;

import io.colorcache.protocol.JobState;
import io.colorcache.warmer.redis.JobOutcomes;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Waits for enqueued jobs to end (--wait) and counts how they ended. */
@ApplicationScoped
public class JobWaiter {

    private static final long POLL_MILLIS = 500;

    private final JobOutcomes outcomes;

    public JobWaiter(JobOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    void await(List<String> jobIds, Duration timeout, RunSummary summary) throws InterruptedException {
        List<String> open = new ArrayList<>(jobIds);
        int done = 0;
        int failed = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (var it = open.iterator(); it.hasNext();) {
                JobState state = outcomes.state(it.next()).orElse(JobState.QUEUED);
                if (state == JobState.DONE) {
                    done++;
                    it.remove();
                } else if (state == JobState.FAILED) {
                    failed++;
                    it.remove();
                }
            }
            if (open.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            Thread.sleep(POLL_MILLIS);
        }
        summary.waited(done, failed, open.size());
    }
}
