package io.colorcache.inference.worker;

import io.colorcache.inference.config.ResultsConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.inference.model.OnnxColorizer;
import io.colorcache.inference.pipeline.BgrImage;
import io.colorcache.inference.pipeline.DdcolorPostprocessor;
import io.colorcache.inference.pipeline.DdcolorPreprocessor;
import io.colorcache.inference.pipeline.ImageCodec;
import io.colorcache.inference.pipeline.UndecodableImageException;
import io.colorcache.inference.redis.Completions;
import io.colorcache.inference.redis.InputStore;
import io.colorcache.inference.redis.JobStates;
import io.colorcache.inference.redis.ResultStore;
import io.colorcache.protocol.Completion;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one job to its end: reuse an existing result, or decode, colorize, encode and store it;
 * then record the state, release the lock and announce the completion. Blocking work, called
 * from the worker thread only.
 */
@ApplicationScoped
public class JobProcessor {

    private final InputStore inputs;
    private final ResultStore results;
    private final JobStates states;
    private final Completions completions;
    private final Duration resultTtl;
    private final ImageCodec codec;
    private final InferenceMetrics metrics;

    public JobProcessor(InputStore inputs, ResultStore results, JobStates states, Completions completions,
            WorkerConfig config, ResultsConfig resultsConfig, InferenceMetrics metrics) {
        this.inputs = inputs;
        this.results = results;
        this.states = states;
        this.completions = completions;
        this.resultTtl = resultsConfig.ttl();
        this.metrics = metrics;
        this.codec = new ImageCodec(config.maxPixels(), config.jpegQuality());
    }

    /** The outcome of one job, for the caller's acknowledgement and dead-letter decisions. */
    public record Outcome(boolean ok, FailureCode code, String error) {
        static Outcome success() {
            return new Outcome(true, null, "");
        }
    }

    public Outcome process(JobMessage job, OnnxColorizer model, String consumer) {
        Timer.Sample total = metrics.startJob();
        if (results.exists(job.resultKey())) {
            states.done(job.jobId());
            completions.announce(Completion.succeeded(job.resultKey(), job.jobId()));
            record(total, "reused");
            return Outcome.success();
        }
        states.running(job.jobId(), consumer);
        Outcome outcome;
        try {
            byte[] encoded = colorize(job, model);
            results.put(job.resultKey(), encoded, resultTtl);
            states.done(job.jobId());
            completions.announce(Completion.succeeded(job.resultKey(), job.jobId()));
            outcome = Outcome.success();
        } catch (JobFailure e) {
            outcome = fail(job, e.code, e.getMessage());
        } catch (RuntimeException e) {
            Log.errorf(e, "Job %s failed", job.jobId());
            outcome = fail(job, FailureCode.INTERNAL, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        record(total, outcome.ok() ? "done" : "failed");
        return outcome;
    }

    private byte[] colorize(JobMessage job, OnnxColorizer model) throws JobFailure {
        Optional<byte[]> upload = inputs.get(job.inputKey());
        if (upload.isEmpty()) {
            throw new JobFailure(FailureCode.INPUT_MISSING, "the uploaded image is no longer in Redis (" + job.inputKey() + ")");
        }
        BgrImage image;
        try {
            image = timed("decode", () -> decode(upload.get()));
        } catch (DecodeFailure e) {
            throw new JobFailure(FailureCode.UNDECODABLE_IMAGE, e.getCause().getMessage());
        }
        int size = model.size();
        DdcolorPreprocessor pre = new DdcolorPreprocessor(size);
        float[] input = new float[pre.inputLength()];
        timed("pre", () -> {
            pre.preprocess(image, input, 0);
            return input;
        });
        float[] ab = timed("model", () -> model.run(input, 1));
        BgrImage colorized = timed("post", () -> new DdcolorPostprocessor(size).postprocess(image, ab, 0));
        return timed("encode", () -> codec.encode(colorized, job.format()));
    }

    private BgrImage decode(byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (UndecodableImageException e) {
            throw new DecodeFailure(e);
        }
    }

    private Outcome fail(JobMessage job, FailureCode code, String error) {
        Log.warnf("Job %s for %s failed (%s): %s", job.jobId(), job.resultKey(), code.token(), error);
        states.failed(job.jobId(), code, error);
        completions.announce(Completion.failed(job.resultKey(), job.jobId(), code, error));
        return new Outcome(false, code, error);
    }

    private <T> T timed(String stage, Supplier<T> work) {
        return metrics.stage(stage, work);
    }

    private void record(Timer.Sample sample, String outcome) {
        metrics.jobEnded(sample, outcome);
    }

    private static final class JobFailure extends Exception {
        private final FailureCode code;

        JobFailure(FailureCode code, String message) {
            super(message);
            this.code = code;
        }
    }

    private static final class DecodeFailure extends RuntimeException {
        DecodeFailure(UndecodableImageException cause) {
            super(cause);
        }
    }
}
