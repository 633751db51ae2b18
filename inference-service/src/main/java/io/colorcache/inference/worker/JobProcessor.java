package io.colorcache.inference.worker;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.config.ResultsConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.inference.near.NearColors;
import io.colorcache.inference.near.NearReuse;
import io.colorcache.inference.near.PerceptualSignature;
import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.inference.pipeline.DdcolorPostprocessor;
import io.colorcache.inference.pipeline.DdcolorPreprocessor;
import io.colorcache.inference.pipeline.ImageCodec;
import io.colorcache.inference.pipeline.Photo;
import io.colorcache.inference.pipeline.TurboJpeg;
import io.colorcache.inference.pipeline.UndecodableImageException;
import io.colorcache.inference.redis.Completions;
import io.colorcache.inference.redis.InputStore;
import io.colorcache.inference.redis.JobStates;
import io.colorcache.inference.redis.ResultStore;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The work on one job around the model, in two halves: {@link #prepare} (reuse an existing
 * result, or fetch and decode the upload, answer it from a near-duplicate's colours when one
 * verifies, else pre-process it) and {@link #finish} (post-process, encode, store the result and
 * the photo's near colours, record and announce). {@link #answerIfNear} is the near readers'
 * lookup, which never touches the model. Blocking; called from the pipeline's and the near
 * readers' threads.
 */
@Startup
@ApplicationScoped
public class JobProcessor {

    /** How long the pipeline waits for a near reader that is still looking before it looks itself. */
    private static final Duration NEAR_READER_WAIT = Duration.ofSeconds(1);

    private final InputStore inputs;
    private final ResultStore results;
    private final JobStates states;
    private final Completions completions;
    private final Duration resultTtl;
    private final ImageCodec codec;
    private final InferenceMetrics metrics;
    private final PixelBudget budget;
    private final DeadlineDecoder decoder;
    private final KeySchema keys;
    private final ModelRef model;
    private final NearReuse near;
    private final JobTraces traces;

    public JobProcessor(InputStore inputs, ResultStore results, JobStates states, Completions completions,
            WorkerConfig config, InputsConfig inputsConfig, ResultsConfig resultsConfig, InferenceMetrics metrics,
            KeySchema keys, ModelRef model, NearReuse near, JobTraces traces) {
        this.keys = keys;
        this.traces = traces;
        this.near = near;
        this.model = model;
        this.inputs = inputs;
        this.results = results;
        this.states = states;
        this.completions = completions;
        this.resultTtl = resultsConfig.ttl();
        this.metrics = metrics;
        this.codec = new ImageCodec(inputsConfig.maxPixels(), config.jpegQuality(),
                config.codec().turbojpeg() ? TurboJpeg.load(config.codec().turbojpegJar()) : Optional.empty());
        this.budget = new PixelBudget(config.pipeline().maxDecodedPixels());
        this.decoder = new DeadlineDecoder(codec, config.decodeDeadline());
        metrics.watch(budget);
    }

    /** How one job ended, for the acknowledgement and dead-letter decisions. */
    public record Outcome(boolean ok, FailureCode code, String error) {
        static Outcome success() {
            return new Outcome(true, null, "");
        }
    }

    /** What {@link #prepare} gives: a job ready for the model, or one that has already ended. */
    public sealed interface Prepared permits Ready, Ended {
    }

    /** Decoded and pre-processed; holds pixels of the budget until finished, and its trace's span until it ends. */
    public record Ready(JobMessage job, Photo image, PerceptualSignature signature, float[] input,
            PixelBudget.Lease lease, Timer.Sample timer, Span trace) implements Prepared {
    }

    public record Ended(Outcome outcome) implements Prepared {
    }

    public Prepared prepare(JobMessage job, DdcolorPreprocessor pre, String consumer) throws InterruptedException {
        Span trace = traces.start(job);
        Prepared prepared;
        try (Scope ignored = trace.makeCurrent()) {
            prepared = prepare(job, pre, consumer, trace);
        } catch (InterruptedException | RuntimeException e) {
            JobTraces.end(trace, "abandoned", true);
            throw e;
        }
        if (prepared instanceof Ended ended) {
            if (!ended.outcome().ok()) {
                trace.setStatus(StatusCode.ERROR);
            }
            trace.end();
        }
        return prepared;
    }

    private Prepared prepare(JobMessage job, DdcolorPreprocessor pre, String consumer, Span trace)
            throws InterruptedException {
        Timer.Sample timer = metrics.startJob();
        metrics.queueWait(Math.max(0, System.currentTimeMillis() - job.enqueuedAt()));
        Prepared refused = refused(job, timer);
        if (refused != null) {
            return refused;
        }
        if (results.exists(job.resultKey())) {
            states.done(job.jobId());
            completions.announce(Completion.succeeded(job.resultKey(), job.jobId()));
            jobEnded(timer, "reused");
            return new Ended(Outcome.success());
        }
        String nearField = states.running(job.jobId(), consumer);
        // Asked before fetching and decoding: a job a near reader answers costs this pipeline nothing.
        String readers = nearAllowed(job) ? nearReadersVerdict(job, nearField) : JobRecord.NEAR_NONE;
        if (JobRecord.NEAR_REUSED.equals(readers)) {
            states.done(job.jobId()); // it may have been marked running after the reader was done
            jobEnded(timer, "reused");
            return new Ended(Outcome.success());
        }
        Optional<byte[]> upload = inputs.get(job.inputKey());
        if (upload.isEmpty()) {
            return new Ended(fail(job, timer, FailureCode.INPUT_MISSING,
                    "the uploaded image is no longer in Redis (" + job.inputKey() + ")"));
        }
        PixelBudget.Lease lease = null;
        try {
            lease = budget.acquire(codec.pixels(upload.get()));
            byte[] bytes = upload.get();
            PixelBudget.Lease held = lease;
            Photo image = stage("decode", () -> decode(bytes, held));
            PerceptualSignature signature = stage("signature", () -> PerceptualSignature.of(image));
            Optional<NearColors> colors = readers == null ? near.find(signature) : Optional.empty();
            if (colors.isPresent()) {
                store(job, stage("near", () -> near.render(image, colors.get())), true);
                lease.close();
                jobEnded(timer, "near");
                return new Ended(Outcome.success());
            }
            float[] input = new float[pre.inputLength()];
            stage("pre", () -> {
                pre.preprocess(image, input, 0);
                return input;
            });
            return new Ready(job, image, signature, input, lease, timer, trace);
        } catch (UndecodableImageException | DecodeFailure e) {
            if (!(e.getCause() instanceof DeadlineDecoder.Overran)) {
                close(lease); // an overrun decode gives its pixels back when it really ends
            }
            String reason = e instanceof DecodeFailure f ? f.getCause().getMessage() : e.getMessage();
            return new Ended(fail(job, timer, FailureCode.UNDECODABLE_IMAGE, reason));
        } catch (RuntimeException e) {
            close(lease);
            Log.errorf(e, "Job %s failed while preparing", job.jobId());
            return new Ended(fail(job, timer, FailureCode.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /**
     * A job whose keys are not the ones this worker derives from its own model, the format and the
     * SHA-256 is never run as given: one for another model version goes back to the queue (a worker
     * on that model takes it; after the last attempt it is dead-lettered), anything else is refused
     * at once (dead-lettered, with the reason). So no message makes a worker read or write a key of
     * its choosing, and an old worker never writes a new model's results.
     */
    private Prepared refused(JobMessage job, Timer.Sample timer) {
        if (keysAreOurs(job)) {
            return null;
        }
        String expectedInput = keys.input(job.sha256());
        String expectedResult = keys.result(model, job.format(), job.sha256());
        Optional<String> otherModel = keys.modelOfResult(job.resultKey(), job.format(), job.sha256());
        if (job.inputKey().equals(expectedInput) && otherModel.isPresent()) {
            return new Ended(fail(job, timer, FailureCode.INTERNAL, "the job is for model " + otherModel.get()
                    + "; this worker runs " + model.token() + " (left for a worker of that model)"));
        }
        return new Ended(fail(job, timer, FailureCode.INVALID_JOB, "refused: its keys " + job.inputKey() + ", "
                + job.resultKey() + " are not " + expectedInput + ", " + expectedResult));
    }

    private boolean keysAreOurs(JobMessage job) {
        return job.inputKey().equals(keys.input(job.sha256()))
                && job.resultKey().equals(keys.result(model, job.format(), job.sha256()));
    }

    private boolean nearAllowed(JobMessage job) {
        return near.enabled() && job.nearAllowed();
    }

    /**
     * What the near readers decided about a job this pipeline has picked up, from its near field
     * when it was marked running: null when none looks
     * at it (the pipeline looks itself), else {@link JobRecord#NEAR_REUSED} (answered) or
     * {@link JobRecord#NEAR_NONE} (none verifies: run the model), waiting up to
     * {@link #NEAR_READER_WAIT} while a reader still looks, so the model never duplicates its work.
     */
    private String nearReadersVerdict(JobMessage job, String nearField) throws InterruptedException {
        long deadline = System.nanoTime() + NEAR_READER_WAIT.toNanos();
        String verdict = nearField;
        while (JobRecord.NEAR_LOOKING.equals(verdict) && System.nanoTime() < deadline) {
            Thread.sleep(2);
            verdict = states.near(job.jobId());
        }
        return JobRecord.NEAR_LOOKING.equals(verdict) ? null : verdict;
    }

    /**
     * The near readers' look at a new job: answers it from a near-duplicate's colours when one
     * verifies, else leaves it to the model's group (false). Never records a failure, waits for
     * pixels or retries: whatever stands in the way (no room in the budget, an undecodable or
     * costly upload, Redis) leaves the job to the group that owns it. A job the model's group has
     * already picked up is its own to look at.
     */
    public boolean answerIfNear(JobMessage job) {
        if (!nearAllowed(job) || !keysAreOurs(job) || results.exists(job.resultKey())
                || !states.lookingForNear(job.jobId())) {
            return false;
        }
        boolean answered = false;
        Span trace = traces.start(job);
        try (Scope ignored = trace.makeCurrent()) {
            answered = lookForNear(job);
            return answered;
        } finally {
            if (!answered) {
                states.noNear(job.jobId());
            }
            JobTraces.end(trace, answered ? "near" : "left to the model", false);
        }
    }

    private boolean lookForNear(JobMessage job) {
        Optional<byte[]> upload = inputs.get(job.inputKey());
        if (upload.isEmpty()) {
            return false;
        }
        Optional<PixelBudget.Lease> lease;
        try {
            lease = budget.tryAcquire(codec.pixels(upload.get()));
        } catch (UndecodableImageException e) {
            return false;
        }
        if (lease.isEmpty()) {
            return false;
        }
        boolean overran = false;
        try {
            Photo image = decoder.decode(upload.get(), lease.get()::close);
            PerceptualSignature signature = stage("signature", () -> PerceptualSignature.of(image));
            Optional<NearColors> colors = near.find(signature);
            if (colors.isEmpty()) {
                return false;
            }
            store(job, stage("near", () -> near.render(image, colors.get())), true);
            return true;
        } catch (UndecodableImageException e) {
            overran = e instanceof DeadlineDecoder.Overran;
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (!overran) {
                lease.get().close();
            }
        }
    }

    /** Encodes a colorized photo, then stores, records and announces its result. */
    private void store(JobMessage job, BgrImage colorized, boolean fromNear) {
        byte[] encoded = stage("encode", () -> codec.encode(colorized, job.format()));
        traces.stage("store", () -> {
            write(job, encoded, fromNear);
            return null;
        });
    }

    private void write(JobMessage job, byte[] encoded, boolean fromNear) {
        results.put(job.resultKey(), encoded, resultTtl);
        inputs.release(job.inputKey());
        if (fromNear) {
            states.doneNear(job.jobId());
            completions.announce(Completion.near(job.resultKey(), job.jobId()));
            metrics.nearReused();
        } else {
            states.computed(job.jobId());
            states.done(job.jobId());
            completions.announce(Completion.succeeded(job.resultKey(), job.jobId()));
            metrics.imageColorized();
        }
    }

    /**
     * Post-processes the model's ab planes at {@code offset}, remembers them for near-duplicates,
     * then encodes, stores and announces.
     */
    public Outcome finish(Ready ready, float[] ab, int offset, DdcolorPostprocessor post) {
        JobMessage job = ready.job();
        try (Scope ignored = ready.trace().makeCurrent()) {
            rememberNear(ready, ab, offset, post.size());
            BgrImage colorized = stage("post", () -> post.postprocess(ready.image(), ab, offset));
            store(job, colorized, false);
            jobEnded(ready.timer(), "done");
            ready.trace().end();
            return Outcome.success();
        } catch (RuntimeException e) {
            Log.errorf(e, "Job %s failed while finishing", job.jobId());
            return fail(ready, FailureCode.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            ready.lease().close();
        }
    }

    /** Records a batch's model run in the trace of each of its jobs. */
    public void modelRan(List<Ready> batch, Instant start, Instant end) {
        traces.modelRun(batch.stream().map(Ready::trace).toList(), start, end);
    }

    /** A stage of the job: timed in the metrics, and a span of its trace. */
    private <T> T stage(String name, Supplier<T> work) {
        return traces.stage(name, () -> metrics.stage(name, work));
    }

    /** Counts how the job ended, and says so on its trace. */
    private void jobEnded(Timer.Sample timer, String outcome) {
        metrics.jobEnded(timer, outcome);
        Span.current().setAttribute(JobTraces.OUTCOME, outcome);
    }

    /** Near colours are an optimisation: failing to store them never fails the job. */
    private void rememberNear(Ready ready, float[] ab, int offset, int size) {
        try {
            near.remember(ready.job().sha256(), ready.signature(), ab, offset, size, resultTtl);
        } catch (RuntimeException e) {
            Log.warnf("Job %s: its near colours were not stored: %s", ready.job().jobId(), e.getMessage());
        }
    }

    /** Ends a prepared job as failed (the model run failed, or the worker is stopping). */
    public Outcome fail(Ready ready, FailureCode code, String error) {
        ready.lease().close();
        try (Scope ignored = ready.trace().makeCurrent()) {
            return fail(ready.job(), ready.timer(), code, error);
        } finally {
            ready.trace().setStatus(StatusCode.ERROR, code.token());
            ready.trace().end();
        }
    }

    /**
     * A permanent failure ends the job now: recorded, and its waiters told. Any other failure
     * puts it back in the queue for another attempt; {@link #giveUp} ends it after the last one.
     */
    private Outcome fail(JobMessage job, Timer.Sample timer, FailureCode code, String error) {
        if (code.isPermanent()) {
            Log.warnf("Job %s for %s failed (%s): %s", job.jobId(), job.resultKey(), code.token(), error);
            states.failed(job.jobId(), code, error);
            completions.announce(Completion.failed(job.resultKey(), job.jobId(), code, error));
        } else {
            Log.warnf("Job %s for %s failed this attempt (%s): %s", job.jobId(), job.resultKey(), code.token(), error);
            states.retrying(job.jobId(), error);
        }
        jobEnded(timer, "failed");
        return new Outcome(false, code, error);
    }

    /** Ends a job whose attempts are used up: recorded as failed with its last error, waiters told. */
    public String giveUp(JobMessage job, int attempts) {
        String last = states.lastError(job.jobId());
        String error = "gave up after " + attempts + " attempts; " + (last.isEmpty()
                ? "no attempt finished (the worker running it crashed or hung each time)"
                : "last error: " + last);
        Log.warnf("Job %s for %s: %s", job.jobId(), job.resultKey(), error);
        states.failed(job.jobId(), FailureCode.INTERNAL, error);
        completions.announce(Completion.failed(job.resultKey(), job.jobId(), FailureCode.INTERNAL, error));
        return error;
    }

    private Photo decode(byte[] bytes, PixelBudget.Lease lease) {
        try {
            return decoder.decode(bytes, () -> close(lease));
        } catch (UndecodableImageException e) {
            throw new DecodeFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        decoder.close();
    }

    private static void close(PixelBudget.Lease lease) {
        if (lease != null) {
            lease.close();
        }
    }

    /** Carries a decoder failure through the timed stage. */
    private static final class DecodeFailure extends RuntimeException {
        DecodeFailure(UndecodableImageException cause) {
            super(cause);
        }
    }
}
