package io.colorcache.bench;

import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.QueuedJobs;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Images per second through the packaged inference service, per batch size: for each size a
 * fresh redis-server and worker, a backlog of distinct jobs enqueued at once (the same photo with
 * different trailing bytes, so every job decodes the same pixels), timed from the first enqueue
 * to the last completion. Prints a Markdown table.
 *
 * <pre>
 * WorkerThroughput --app inference-service/target/quarkus-app --photo PHOTO.jpg
 *     [--jobs 48] [--batch-sizes 1,2,4,8] [--model FILE | --layered HIDDEN,LAYERS] [--size 512]
 *     [--providers cpu] [--gpu-stats] [--config key=value,key=value]
 * </pre>
 * {@code --config} passes further worker settings, e.g. {@code colorcache.worker.batch.max-delay=50ms}.
 */
public final class WorkerThroughput {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, "--gpu-stats");
        Path app = Path.of(options.getOrDefault("--app", "inference-service/target/quarkus-app"));
        byte[] photo = Files.readAllBytes(Path.of(options.getOrDefault("--photo",
                "samples/photos/ansel-adams-moore-photography.jpg")));
        int jobs = Integer.parseInt(options.getOrDefault("--jobs", "48"));
        int size = Integer.parseInt(options.getOrDefault("--size", "512"));
        String providers = options.getOrDefault("--providers", "cpu");
        boolean gpuStats = options.containsKey("--gpu-stats");
        Path model = model(options, size);
        Map<String, String> extra = new HashMap<>();
        for (String pair : options.getOrDefault("--config", "").split(",")) {
            if (pair.contains("=")) {
                extra.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        String version = Sha256.hex(Files.readAllBytes(model)).substring(0, 12);

        System.out.printf("Model %s (%s), S=%d, providers %s, %d jobs of a %d-byte photo, %d cores, settings %s%n%n",
                model.getFileName(), version, size, providers, jobs, photo.length, Runtime.getRuntime().availableProcessors(),
                extra.isEmpty() ? "default" : extra);
        System.out.println("| batch.max-size | images/s | wall s | mean batch | model ms/batch | model ms/image | GPU util % (mean, max) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|");
        for (String batch : options.getOrDefault("--batch-sizes", "1,2,4,8").split(",")) {
            Row row = measure(app, model, version, providers, Integer.parseInt(batch.trim()), photo, jobs, gpuStats, extra);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f | %.1f | %s |%n", batch.trim(),
                    jobs / row.seconds, row.seconds, row.meanBatch, row.modelMsPerBatch,
                    row.modelMsPerBatch / Math.max(row.meanBatch, 1e-9), row.gpu);
        }
    }

    private record Row(double seconds, double meanBatch, double modelMsPerBatch, String gpu) {
    }

    private static Row measure(Path app, Path model, String version, String providers, int batch, byte[] photo,
            int jobs, boolean gpuStats, Map<String, String> extra) throws Exception {
        ModelRef ref = new ModelRef("bench", version);
        KeySchema keys = KeySchema.withDefaultPrefix();
        try (RedisServer redis = RedisServer.start();
                ServiceProcess worker = ServiceProcess.start("inference-bench", app, workerConfig(redis, ref, model,
                        providers, batch, extra), List.of("-Xmx3g"));
                RespClient client = redis.client();
                GpuSampler gpu = gpuStats ? GpuSampler.start() : null) {
            List<String> ids = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < jobs; i++) {
                byte[] upload = Arrays.copyOf(photo, photo.length + 8);
                upload[photo.length] = (byte) batch;
                upload[photo.length + 4] = (byte) i;
                upload[photo.length + 5] = (byte) (i >> 8);
                ids.add(QueuedJobs.enqueue(client, keys, ref, upload, OutputFormat.JPEG).jobId());
            }
            for (String id : ids) {
                while (!client.jobIn(keys.job(id), JobState.DONE)) {
                    if (client.jobIn(keys.job(id), JobState.FAILED)) {
                        throw new IllegalStateException("job failed: " + client.job(keys.job(id)).orElseThrow().error());
                    }
                    Thread.sleep(5);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String metrics = PrometheusText.scrape(worker.managementUri());
            double batches = PrometheusText.value(metrics, "colorcache_inference_batch_size_count");
            double images = PrometheusText.value(metrics, "colorcache_inference_batch_size_sum");
            double modelSeconds = PrometheusText.value(metrics, "colorcache_inference_stage_duration_seconds_sum\\{stage=\"model\"\\}");
            // The warm-up runs are not counted: they happen before the worker's metrics start.
            return new Row(seconds, images / batches, modelSeconds * 1000 / batches, gpu == null ? "-" : gpu.summary());
        }
    }

    private static Map<String, String> workerConfig(RedisServer redis, ModelRef ref, Path model, String providers,
            int batch, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", ref.id(),
                "colorcache.model.version", ref.version(),
                "colorcache.model.path", model.toString(),
                "colorcache.model.providers", providers,
                "colorcache.worker.batch.max-size", Integer.toString(batch),
                "colorcache.worker.read-count", Integer.toString(Math.max(8, batch)),
                "quarkus.log.level", "WARN"));
        config.putAll(extra);
        return config;
    }

    private static Path model(Map<String, String> options, int size) throws IOException {
        if (options.containsKey("--model")) {
            return Path.of(options.get("--model")).toAbsolutePath();
        }
        Path file = Files.createTempDirectory("bench-model").resolve("model.onnx");
        String layered = options.getOrDefault("--layered", "16,4");
        String[] parts = layered.split(",");
        DemoModel.writeLayered(file, size, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        return file;
    }

    /** Samples {@code nvidia-smi} GPU utilisation every 200 ms while a measurement runs. */
    private static final class GpuSampler implements AutoCloseable {
        private final Process process;
        private final List<Integer> samples = new CopyOnWriteArrayList<>();

        private GpuSampler(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        samples.add(Integer.parseInt(line.split(",")[0].trim()));
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // sampler stopped
                }
            });
        }

        static GpuSampler start() throws IOException {
            return new GpuSampler(new ProcessBuilder("nvidia-smi", "--query-gpu=utilization.gpu",
                    "--format=csv,noheader,nounits", "-lms", "200").start());
        }

        String summary() {
            return samples.isEmpty() ? "no samples" : String.format(Locale.ROOT, "%.0f, %d",
                    samples.stream().mapToInt(Integer::intValue).average().orElse(0),
                    samples.stream().mapToInt(Integer::intValue).max().orElse(0));
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
