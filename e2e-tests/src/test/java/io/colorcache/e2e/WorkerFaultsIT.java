package io.colorcache.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colorcache.protocol.JobRecord;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.QueuedJobs;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workers that die or are stopped in the middle of their work, as real processes: no accepted
 * job is lost, none is computed twice.
 */
class WorkerFaultsIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static Path inferenceApp;
    private static Path model;
    private static ModelRef modelRef;
    private static byte[] photo;

    private RedisServer redis;
    private final List<ServiceProcess> workers = new ArrayList<>();

    @BeforeAll
    static void model() throws Exception {
        inferenceApp = Path.of(System.getProperty("inference.app"));
        model = Files.createTempDirectory("colorcache-faults").resolve("layered.onnx");
        // Real compute per image (about 70 ms on 2 cores), so batches are in flight when a worker dies.
        String sha = DemoModel.writeLayered(model, 512, 16, 4);
        modelRef = new ModelRef("ddcolor-faults", sha.substring(0, 12));
        photo = Files.readAllBytes(Path.of(System.getProperty("samples.dir"), "ansel-adams-moore-photography.jpg"));
    }

    @BeforeEach
    void startRedis() {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopAll() {
        workers.forEach(ServiceProcess::close);
        redis.close();
    }

    private ServiceProcess worker(String name) {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", modelRef.id(),
                "colorcache.model.version", modelRef.version(),
                "colorcache.model.path", model.toString(),
                "colorcache.model.providers", "cpu",
                "colorcache.worker.consumer", name,
                "colorcache.worker.batch.max-size", "4",
                "colorcache.worker.visibility-timeout", "3s",
                "colorcache.worker.reclaim-interval", "500ms",
                "colorcache.worker.shutdown-grace", "20s"));
        // Copies of one photo: near-duplicate reuse would answer them without the model under test.
        config.put("colorcache.near.enabled", "false");
        ServiceProcess worker = ServiceProcess.start(name, inferenceApp, config);
        workers.add(worker);
        return worker;
    }

    @Test
    void killingAWorkerInTheMiddleOfABatchLosesNothingAndDuplicatesNothing() {
        ServiceProcess doomed = worker("worker-a");
        worker("worker-b");
        List<String> jobs = enqueue(40);
        try (RespClient client = redis.client()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pendingOf(client, "worker-a") >= 2 && done(client, jobs) >= 4);
            long inHand = pendingOf(client, "worker-a");
            doomed.kill();

            await().atMost(Duration.ofMinutes(3)).until(() -> done(client, jobs) == jobs.size());
            long lost = jobs.size() - done(client, jobs);
            long duplicated = jobs.stream()
                    .filter(id -> computations(client, id) > 1)
                    .count();
            long results = jobs.stream()
                    .filter(id -> client.number("EXISTS", String.valueOf(client.job(KEYS.job(id)).orElseThrow().resultKey())) == 1)
                    .count();
            System.out.printf("kill -9 with %d jobs in hand: submitted=%d completed=%d lost=%d duplicated=%d%n",
                    inHand, jobs.size(), results, lost, duplicated);
            assertThat(inHand).as("the killed worker held jobs").isPositive();
            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
            assertThat(results).isEqualTo(jobs.size());
            // A job the killed worker finished but never acknowledged stays pending until another
            // worker claims it (visibility timeout 3 s) and acknowledges it as reused.
            await().atMost(Duration.ofSeconds(30)).until(() -> totalPending(client) == 0);
            assertThat(totalPending(client)).isZero();
        }
    }

    /**
     * Times the job's result was computed. None recorded when the killed worker died between
     * storing the result and counting it, and the worker that took the job over reused it.
     */
    private static long computations(RespClient client, String jobId) {
        return client.job(KEYS.job(jobId)).map(JobRecord::computations).orElse(0);
    }

    @Test
    void sigtermFinishesAndAcknowledgesTheJobsInHand() {
        ServiceProcess stopping = worker("worker-c");
        List<String> jobs = enqueue(12);
        try (RespClient client = redis.client()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> pendingOf(client, "worker-c") >= 2);
            int exit = stopping.stop(Duration.ofSeconds(40));
            assertThat(exit).as("clean exit").isIn(0, 143);
            assertThat(pendingOf(client, "worker-c")).as("nothing left unacknowledged").isZero();

            worker("worker-d");
            await().atMost(Duration.ofMinutes(2)).until(() -> done(client, jobs) == jobs.size());
            assertThat(totalPending(client)).isZero();
        }
    }

    private List<String> enqueue(int count) {
        List<String> ids = new ArrayList<>();
        try (RespClient client = redis.client()) {
            for (int i = 0; i < count; i++) {
                byte[] upload = Arrays.copyOf(photo, photo.length + 4);
                upload[photo.length] = (byte) i;
                ids.add(QueuedJobs.enqueue(client, KEYS, modelRef, upload, OutputFormat.JPEG).jobId());
            }
        }
        return ids;
    }

    private static long done(RespClient client, List<String> jobs) {
        return jobs.stream().filter(id -> client.jobIn(KEYS.job(id), JobState.DONE)).count();
    }

    @SuppressWarnings("unchecked")
    private static long pendingOf(RespClient client, String consumer) {
        List<Object> summary = client.list("XPENDING", KEYS.jobsStream(), "inference");
        if (summary.size() < 4 || summary.get(3) == null) {
            return 0;
        }
        Map<String, Long> perConsumer = new HashMap<>();
        for (Object row : (List<Object>) summary.get(3)) {
            List<Object> pair = (List<Object>) row;
            perConsumer.put((String) pair.get(0), Long.parseLong((String) pair.get(1)));
        }
        return perConsumer.getOrDefault(consumer, 0L);
    }

    @SuppressWarnings("unchecked")
    private static long totalPending(RespClient client) {
        return (Long) (client.list("XPENDING", KEYS.jobsStream(), "inference")).get(0);
    }
}
