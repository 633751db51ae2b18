package io.colorcache.inference.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The worker's named metrics, registered at start: jobs by outcome and their duration, the
 * duration of each pipeline stage, batch sizes, queue wait, images colorized (their rate is
 * images per second), jobs answered from near-duplicates and the model time they saved, the
 * decoded-pixel budget, and the model with its execution provider.
 */
@Startup
@ApplicationScoped
public class InferenceMetrics {

    static final List<String> STAGES = List.of("decode", "signature", "pre", "model", "post", "near", "encode");
    static final List<String> OUTCOMES = List.of("done", "near", "reused", "failed");

    private final MeterRegistry meters;
    private final Map<String, Timer> stages = new HashMap<>();
    private final Map<String, Timer> jobDurations = new HashMap<>();
    private final Map<String, Counter> jobs = new HashMap<>();
    private final DistributionSummary batchSizes;
    private final Timer queueWait;
    private final Counter images;
    private final Counter nearHits;
    private final Counter modelSecondsSaved;
    /** Model time and images of every batch run here, for the mean model time per image. */
    private final java.util.concurrent.atomic.LongAdder modelNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder modelImages = new java.util.concurrent.atomic.LongAdder();

    public InferenceMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (String stage : STAGES) {
            stages.put(stage, Timer.builder("colorcache.inference.stage.duration").tag("stage", stage)
                    .description("Time per pipeline stage (the model stage: per batch)")
                    .publishPercentileHistogram().register(meters));
        }
        for (String outcome : OUTCOMES) {
            jobDurations.put(outcome, Timer.builder("colorcache.inference.job.duration").tag("outcome", outcome)
                    .description("Time from picking a job up to its end, by outcome").register(meters));
            jobs.put(outcome, Counter.builder("colorcache.inference.jobs").tag("outcome", outcome)
                    .description("Jobs finished, by outcome").register(meters));
        }
        batchSizes = DistributionSummary.builder("colorcache.inference.batch.size")
                .description("Images per model run").serviceLevelObjectives(1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 32)
                .register(meters);
        queueWait = Timer.builder("colorcache.inference.queue.wait")
                .description("Time from enqueue to a worker picking the job up").publishPercentileHistogram()
                .register(meters);
        images = Counter.builder("colorcache.inference.images")
                .description("Images colorized by the model (rate: images per second)").register(meters);
        nearHits = Counter.builder("colorcache.inference.near.hits")
                .description("Jobs answered from a near-duplicate's colours, without the model").register(meters);
        modelSecondsSaved = Counter.builder("colorcache.inference.near.model.saved")
                .description("Model time not spent thanks to near-duplicates: each near hit counts this worker's"
                        + " mean model time per image so far")
                .baseUnit("seconds").register(meters);
    }

    void watch(PixelBudget budget) {
        Gauge.builder("colorcache.inference.decoded.pixels", budget, PixelBudget::inUse)
                .description("Pixels of decoded images held by the pipeline now").register(meters);
        Gauge.builder("colorcache.inference.decoded.pixels.max", budget, PixelBudget::capacity)
                .description("The pipeline's budget of decoded pixels").register(meters);
        Gauge.builder("colorcache.inference.decoded.pixels.high", budget, PixelBudget::highWater)
                .description("The most pixels of decoded images held at once since start").register(meters);
    }

    /** A gauge of 1 whose tags name the model and the execution provider in use. */
    public void modelLoaded(String model, String provider, int inputSize) {
        Gauge.builder("colorcache.inference.model.info", () -> 1)
                .tags("model", model, "provider", provider, "input_size", Integer.toString(inputSize))
                .description("The loaded model and its execution provider").register(meters);
    }

    public <T> T stage(String stage, Supplier<T> work) {
        return stages.get(stage).record(work);
    }

    void modelRun(int batchSize, long nanos) {
        modelNanos.add(nanos);
        modelImages.add(batchSize);
        batchSizes.record(batchSize);
        stages.get("model").record(nanos, TimeUnit.NANOSECONDS);
    }

    void queueWait(long millis) {
        queueWait.record(millis, TimeUnit.MILLISECONDS);
    }

    void imageColorized() {
        images.increment();
    }

    /** A job answered from a near-duplicate's colours. */
    void nearReused() {
        nearHits.increment();
        long runs = modelImages.sum();
        if (runs > 0) {
            modelSecondsSaved.increment(modelNanos.sum() / 1e9 / runs);
        }
    }

    public Timer.Sample startJob() {
        return Timer.start(meters);
    }

    public void jobEnded(Timer.Sample sample, String outcome) {
        sample.stop(jobDurations.get(outcome));
        jobs.get(outcome).increment();
    }
}
