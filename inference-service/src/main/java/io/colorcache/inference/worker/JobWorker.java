package io.colorcache.inference.worker;

import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.inference.model.ModelHolder;
import io.colorcache.inference.model.OnnxColorizer;
import io.colorcache.inference.redis.DeadLetters;
import io.colorcache.inference.redis.JobStream;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.MalformedMessageException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;

/**
 * The consumer-group reader on {@code cc:jobs}, on one dedicated platform thread (ONNX and
 * blocking Redis calls never touch an event loop). Once the model is loaded it first hands
 * over entries this consumer left unacknowledged before a restart, then new ones, reading only
 * as many as the {@link BatchingPipeline} has room for, and acknowledges each job when it ends.
 */
@ApplicationScoped
public class JobWorker {

    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final JobStream stream;
    private final JobProcessor processor;
    private final DeadLetters deadLetters;
    private final ModelHolder model;
    private final InferenceMetrics metrics;
    private final WorkerConfig config;
    private final String streamKey;
    private final String consumer;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile BatchingPipeline pipeline;

    public JobWorker(JobStream stream, JobProcessor processor, DeadLetters deadLetters, ModelHolder model,
            InferenceMetrics metrics, WorkerConfig config, KeySchema keys) {
        this.stream = stream;
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.model = model;
        this.metrics = metrics;
        this.config = config;
        this.streamKey = keys.jobsStream();
        this.consumer = ConsumerName.resolve(config.consumer());
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("Job worker disabled (colorcache.worker.enabled=false)");
            return;
        }
        running = true;
        model.whenLoaded().thenAccept(this::start);
    }

    private void start(OnnxColorizer colorizer) {
        metrics.modelLoaded(model.model().token(), colorizer.provider().token(), colorizer.size());
        int cores = Runtime.getRuntime().availableProcessors();
        int prepareThreads = config.pipeline().prepareThreads() > 0 ? config.pipeline().prepareThreads() : cores;
        int finishThreads = config.pipeline().finishThreads() > 0 ? config.pipeline().finishThreads() : cores;
        pipeline = new BatchingPipeline(colorizer, model.batchLimit(colorizer), config.batch().maxDelay(),
                prepareThreads, finishThreads, processor, metrics, consumer, this::acknowledge);
        thread = Thread.ofPlatform().name("job-reader").start(this::loop);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread reader = thread;
        BatchingPipeline p = pipeline;
        if (reader == null || p == null) {
            return;
        }
        try {
            reader.join(config.readBlock().plusSeconds(5).toMillis());
            if (!p.drain(config.shutdownGrace())) {
                Log.warnf("Shutdown grace of %s passed with jobs still in hand; they stay pending for other workers",
                        config.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            p.close();
        }
    }

    public String consumer() {
        return consumer;
    }

    private void loop() {
        Log.infof("Job worker %s consuming %s as group %s, batches of up to %d", consumer, streamKey, config.group(),
                config.batch().maxSize());
        boolean groupReady = false;
        boolean drainingOwnPending = true;
        while (running) {
            try {
                if (!groupReady) {
                    stream.ensureGroup(streamKey, config.group());
                    groupReady = true;
                }
                int room = Math.min(config.readCount(), pipeline.room());
                if (room == 0) {
                    Thread.sleep(2);
                    continue;
                }
                List<StreamMessage<String, String, String>> entries = drainingOwnPending
                        ? stream.readOwnPending(streamKey, config.group(), consumer, room)
                        : stream.readNew(streamKey, config.group(), consumer, room, config.readBlock());
                if (drainingOwnPending && entries.isEmpty()) {
                    drainingOwnPending = false;
                }
                for (StreamMessage<String, String, String> entry : entries) {
                    hand(entry);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                Log.warnf("Job worker: %s; retrying in %s", e.getMessage(), ERROR_BACKOFF);
                sleep(ERROR_BACKOFF);
                // After an outage the stream or group may be gone, and unacknowledged work is ours to finish.
                groupReady = false;
                drainingOwnPending = true;
            }
        }
        Log.infof("Job worker %s stopped reading", consumer);
    }

    private void hand(StreamMessage<String, String, String> entry) throws InterruptedException {
        JobMessage job;
        try {
            job = JobMessage.fromFields(entry.payload());
        } catch (MalformedMessageException e) {
            Log.errorf("Stream entry %s on %s is not a job (%s); moved to the dead-letter stream",
                    entry.id(), streamKey, e.getMessage());
            deadLetters.add(entry.payload(), streamKey, entry.id(), FailureCode.INTERNAL.token(), e.getMessage());
            stream.ack(streamKey, config.group(), entry.id());
            return;
        }
        pipeline.submit(new Delivery(streamKey, entry.id(), entry.payload(), job));
    }

    private void acknowledge(Delivery delivery, JobProcessor.Outcome outcome) {
        if (!outcome.ok()) {
            deadLetters.add(delivery.fields(), delivery.stream(), delivery.entryId(), outcome.code().token(),
                    outcome.error());
        }
        stream.ack(delivery.stream(), config.group(), delivery.entryId());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
