package io.colorcache.inference.worker;

import io.colorcache.inference.config.NearConfig;
import io.colorcache.inference.config.WorkerConfig;
import io.colorcache.inference.redis.JobStream;
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
import java.util.ArrayList;
import java.util.List;

/**
 * The near consumer group on the interactive stream: a few platform threads that see every new
 * job as it is enqueued and answer those a near-duplicate's colours can serve, on the CPU, while
 * the model's group may still have a backlog before them. Reads are NOACK, so nothing is pending
 * here: the model's group stays responsible for every job, and skips the ones answered here
 * because their result exists by then. The group starts at the stream's end; jobs enqueued while
 * no near reader runs are the model group's alone.
 */
@ApplicationScoped
public class NearReaders {

    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

    private final JobStream stream;
    private final JobProcessor processor;
    private final NearConfig config;
    private final WorkerConfig worker;
    private final String streamKey;
    private final String consumer;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public NearReaders(JobStream stream, JobProcessor processor, NearConfig config, WorkerConfig worker,
            KeySchema keys) {
        this.stream = stream;
        this.processor = processor;
        this.config = config;
        this.worker = worker;
        this.streamKey = keys.jobsStream();
        this.consumer = ConsumerName.resolve(worker.consumer());
    }

    void onStart(@Observes StartupEvent event) {
        if (!worker.enabled() || !config.enabled() || config.threads() <= 0) {
            return;
        }
        running = true;
        for (int i = 0; i < config.threads(); i++) {
            threads.add(Thread.ofPlatform().name("near-reader-", i).start(this::loop));
        }
        Log.infof("Near readers: %d threads in group %s on %s", config.threads(), config.group(), streamKey);
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(worker.readBlock().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop() {
        boolean groupReady = false;
        while (running) {
            try {
                if (!groupReady) {
                    stream.ensureGroup(streamKey, config.group(), "$");
                    groupReady = true;
                }
                for (StreamMessage<String, String, String> entry : stream.readUnowned(config.group(), consumer,
                        streamKey, 1, worker.readBlock())) {
                    look(entry);
                }
            } catch (RuntimeException e) {
                Log.warnf("Near reader: %s; retrying in %s", e.getMessage(), ERROR_BACKOFF);
                groupReady = false;
                sleep();
            }
        }
    }

    private void look(StreamMessage<String, String, String> entry) {
        JobMessage job;
        try {
            job = JobMessage.fromFields(entry.payload());
        } catch (MalformedMessageException e) {
            return; // the model's group dead-letters it
        }
        if (processor.answerIfNear(job)) {
            Log.debugf("Job %s answered from a near-duplicate by the near readers", job.jobId());
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(ERROR_BACKOFF);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
