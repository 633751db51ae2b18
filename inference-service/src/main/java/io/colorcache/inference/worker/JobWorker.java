package io.colorcache.inference.worker;

import io.colorcache.common.config.JobsConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.inference.model.ModelHolder;
import io.colorcache.inference.model.OnnxColorizer;
import io.colorcache.inference.redis.DeadLetters;
import io.colorcache.inference.redis.JobStream;
import io.colorcache.protocol.KeySchema;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The consumer-group reader on the job streams, on one dedicated platform thread (ONNX and
 * blocking Redis calls never touch an event loop). Once the model is loaded it first takes back
 * entries this consumer left unacknowledged before a restart, then claims entries stalled on
 * other consumers and reads new ones ({@link StreamScheduler}), only as many as the
 * {@link BatchingPipeline} has room for, waiting for room when it is full. What happens to each
 * delivery (run, run alone, acknowledged, retried, dead-lettered) is the {@link DeliveryPolicy}.
 */
@ApplicationScoped
public class JobWorker {

    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final JobStream stream;
    private final JobProcessor processor;
    private final DeliveryPolicy policy;
    private final ModelHolder model;
    private final InferenceMetrics metrics;
    private final WorkerConfig config;
    private final String group;
    private final String interactiveStream;
    private final String warmStream;
    private final String consumer;
    private final AtomicInteger warmInFlight = new AtomicInteger();
    /** Entry ids inside the pipeline: a re-read or a claim of one of them must not start it twice. */
    private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile BatchingPipeline pipeline;
    private int maxBatch;

    public JobWorker(JobStream stream, JobProcessor processor, DeadLetters deadLetters, ModelHolder model,
            InferenceMetrics metrics, WorkerConfig config, JobsConfig jobs, KeySchema keys) {
        this.stream = stream;
        this.processor = processor;
        this.model = model;
        this.metrics = metrics;
        this.config = config;
        this.group = jobs.group();
        this.interactiveStream = keys.jobsStream();
        this.warmStream = keys.warmJobsStream();
        this.consumer = ConsumerName.resolve(config.consumer());
        this.policy = new DeliveryPolicy(stream, deadLetters, processor, group, consumer, config.maxAttempts(),
                config.visibilityTimeout());
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
        maxBatch = model.batchLimit(colorizer);
        pipeline = new BatchingPipeline(colorizer, maxBatch, config.batch().maxDelay(),
                prepareThreads, finishThreads, processor, metrics, consumer, new BatchingPipeline.Sink() {
                    @Override
                    public void ended(Delivery delivery, JobProcessor.Outcome outcome) {
                        JobWorker.this.ended(delivery, outcome);
                    }

                    @Override
                    public void abandoned(Delivery delivery) {
                        left(delivery);
                    }
                });
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

    private List<StreamMessage<String, String, String>> readOwn(String streamKey, Map<String, String> after) {
        return stream.read(group, consumer, streamKey, after.get(streamKey), 1, null);
    }

    private void loop() {
        Log.infof("Job worker %s consuming %s and %s as group %s, batches of up to %d", consumer, interactiveStream,
                warmStream, group, maxBatch);
        StreamScheduler scheduler = new StreamScheduler(stream, group, consumer, interactiveStream,
                warmStream, config.warmEvery(), config.readBlock(), () -> maxBatch - warmInFlight.get());
        boolean groupsReady = false;
        boolean takingBackOwn = true;
        // Own pending entries are read after this id, so one still in progress is not read twice.
        Map<String, String> ownCursor = new java.util.HashMap<>(Map.of(interactiveStream, "0", warmStream, "0"));
        long nextReclaim = 0;
        while (running) {
            try {
                if (!groupsReady) {
                    stream.ensureGroup(interactiveStream, group);
                    stream.ensureGroup(warmStream, group);
                    groupsReady = true;
                }
                int room = Math.min(config.readCount(), pipeline.room());
                if (room == 0) {
                    pipeline.awaitRoom(config.readBlock());
                    continue;
                }
                if (takingBackOwn) {
                    // One at a time: every read counts as a delivery, and only the entry about to run should pay it.
                    List<StreamMessage<String, String, String>> own = readOwn(interactiveStream, ownCursor);
                    if (own.isEmpty()) {
                        own = readOwn(warmStream, ownCursor);
                    }
                    takingBackOwn = !own.isEmpty();
                    for (StreamMessage<String, String, String> entry : own) {
                        ownCursor.put(entry.key(), entry.id());
                    }
                    handAll(own, true);
                    continue;
                }
                if (System.nanoTime() >= nextReclaim) {
                    if (reclaim() > 0) {
                        continue; // more may be stalled: look again at once
                    }
                    nextReclaim = System.nanoTime() + config.reclaimInterval().toNanos();
                    stream.trimProcessed(interactiveStream, group);
                    stream.trimProcessed(warmStream, group);
                }
                handAll(scheduler.next(room), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                Log.warnf("Job worker: %s; retrying in %s", e.getMessage(), ERROR_BACKOFF);
                sleep(ERROR_BACKOFF);
                // After an outage the streams or groups may be gone, and unacknowledged work is ours to finish.
                groupsReady = false;
                takingBackOwn = true;
                ownCursor.replaceAll((key, id) -> "0");
            }
        }
        Log.infof("Job worker %s stopped reading", consumer);
    }

    /**
     * Claims one entry stalled on another consumer (its worker died or hangs), one at a time for
     * the same reason as the own pending ones; returns how many were claimed.
     */
    private int reclaim() throws InterruptedException {
        for (String key : List.of(interactiveStream, warmStream)) {
            List<StreamMessage<String, String, String>> entries = stream.claimIdle(key, group, consumer,
                    config.visibilityTimeout(), 1);
            if (!entries.isEmpty()) {
                Log.infof("Claimed stalled entry %s of %s", entries.get(0).id(), key);
                handAll(entries, true);
                return entries.size();
            }
        }
        return 0;
    }

    private void handAll(List<StreamMessage<String, String, String>> entries, boolean redelivered)
            throws InterruptedException {
        for (StreamMessage<String, String, String> entry : entries) {
            hand(entry, redelivered);
        }
    }

    private void hand(StreamMessage<String, String, String> entry, boolean redelivered) throws InterruptedException {
        String key = entry.key();
        if (inFlight.contains(entry.id())) {
            return;
        }
        Optional<DeliveryPolicy.Admitted> admitted = policy.admit(entry, redelivered);
        if (admitted.isEmpty()) {
            return;
        }
        Delivery delivery = admitted.get().delivery();
        if (key.equals(warmStream)) {
            warmInFlight.incrementAndGet();
        }
        inFlight.add(entry.id());
        if (admitted.get().alone()) {
            pipeline.awaitIdle();
            pipeline.submit(delivery);
            pipeline.awaitIdle();
        } else {
            pipeline.submit(delivery);
        }
    }

    /** A delivery left the pipeline, ended or not. */
    private void left(Delivery delivery) {
        inFlight.remove(delivery.entryId());
        if (delivery.stream().equals(warmStream)) {
            warmInFlight.decrementAndGet();
        }
    }

    /** Called once per delivery when its attempt has ended. */
    private void ended(Delivery delivery, JobProcessor.Outcome outcome) {
        left(delivery);
        policy.ended(delivery, outcome);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
