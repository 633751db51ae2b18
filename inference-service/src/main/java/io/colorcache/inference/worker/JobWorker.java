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
 * The consumer-group loop on {@code cc:jobs}, on one dedicated platform thread (ONNX and
 * blocking Redis calls never touch an event loop). It starts once the model is loaded, first
 * finishes entries this consumer left unacknowledged before a restart, then reads new ones.
 */
@ApplicationScoped
public class JobWorker {

    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final JobStream stream;
    private final JobProcessor processor;
    private final DeadLetters deadLetters;
    private final ModelHolder model;
    private final WorkerConfig config;
    private final String streamKey;
    private final String consumer;
    private volatile boolean running;
    private volatile Thread thread;

    public JobWorker(JobStream stream, JobProcessor processor, DeadLetters deadLetters, ModelHolder model,
            WorkerConfig config, KeySchema keys) {
        this.stream = stream;
        this.processor = processor;
        this.deadLetters = deadLetters;
        this.model = model;
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
        model.whenLoaded().thenAccept(colorizer -> {
            thread = Thread.ofPlatform().name("job-worker").start(() -> loop(colorizer));
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(config.readBlock().plusSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String consumer() {
        return consumer;
    }

    private void loop(OnnxColorizer colorizer) {
        Log.infof("Job worker %s consuming %s as group %s", consumer, streamKey, config.group());
        boolean groupReady = false;
        boolean drainingOwnPending = true;
        while (running) {
            try {
                if (!groupReady) {
                    stream.ensureGroup(streamKey, config.group());
                    groupReady = true;
                }
                List<StreamMessage<String, String, String>> batch = drainingOwnPending
                        ? stream.readOwnPending(streamKey, config.group(), consumer, config.readCount())
                        : stream.readNew(streamKey, config.group(), consumer, config.readCount(), config.readBlock());
                if (drainingOwnPending && batch.isEmpty()) {
                    drainingOwnPending = false;
                }
                for (StreamMessage<String, String, String> message : batch) {
                    handle(message, colorizer);
                }
            } catch (RuntimeException e) {
                Log.warnf("Job worker: %s; retrying in %s", e.getMessage(), ERROR_BACKOFF);
                sleep(ERROR_BACKOFF);
                // After an outage the stream or group may be gone, and unacknowledged work is ours to finish.
                groupReady = false;
                drainingOwnPending = true;
            }
        }
        Log.infof("Job worker %s stopped", consumer);
    }

    private void handle(StreamMessage<String, String, String> message, OnnxColorizer colorizer) {
        JobMessage job;
        try {
            job = JobMessage.fromFields(message.payload());
        } catch (MalformedMessageException e) {
            Log.errorf("Stream entry %s on %s is not a job (%s); moved to the dead-letter stream",
                    message.id(), streamKey, e.getMessage());
            deadLetters.add(message.payload(), streamKey, message.id(), FailureCode.INTERNAL.token(), e.getMessage());
            stream.ack(streamKey, config.group(), message.id());
            return;
        }
        JobProcessor.Outcome outcome = processor.process(job, colorizer, consumer);
        if (!outcome.ok()) {
            deadLetters.add(message.payload(), streamKey, message.id(), outcome.code().token(), outcome.error());
        }
        stream.ack(streamKey, config.group(), message.id());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
