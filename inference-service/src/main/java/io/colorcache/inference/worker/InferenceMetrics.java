package io.colorcache.inference.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Jobs by outcome, their duration, and the duration of each pipeline stage; registered at start. */
@Startup
@ApplicationScoped
public class InferenceMetrics {

    static final List<String> STAGES = List.of("decode", "pre", "model", "post", "encode");
    static final List<String> OUTCOMES = List.of("done", "reused", "failed");

    private final MeterRegistry meters;
    private final Map<String, Timer> stages = new HashMap<>();
    private final Map<String, Timer> jobDurations = new HashMap<>();
    private final Map<String, Counter> jobs = new HashMap<>();

    public InferenceMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String stage : STAGES) {
            stages.put(stage, Timer.builder("colorcache.inference.stage.duration").tag("stage", stage)
                    .description("Time per pipeline stage of one job").register(meters));
        }
        for (String outcome : OUTCOMES) {
            jobDurations.put(outcome, Timer.builder("colorcache.inference.job.duration").tag("outcome", outcome)
                    .description("Time to run one job, by outcome").register(meters));
            jobs.put(outcome, Counter.builder("colorcache.inference.jobs").tag("outcome", outcome)
                    .description("Jobs finished, by outcome").register(meters));
        }
    }

    public <T> T stage(String stage, Supplier<T> work) {
        return stages.get(stage).record(work);
    }

    public Timer.Sample startJob() {
        return Timer.start(meters);
    }

    public void jobEnded(Timer.Sample sample, String outcome) {
        sample.stop(jobDurations.get(outcome));
        jobs.get(outcome).increment();
    }
}
