package io.colorcache.bench;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.CommandRun;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does the cache warmer pay for itself? Two runs side by side, each with a fresh redis-server,
 * worker and gateway (L1 off, so every answer says whether Redis had the result): window 1 of a
 * Zipf workload, then all results expire, then the warmer runs (or not), then window 2 (the
 * same for both runs). Reports window 2's hit rate and the model time the warmer spent and saved.
 *
 * <pre>
 * WarmerExperiment --inference-app DIR --gateway-app DIR --warmer-app DIR --samples DIR
 *     [--photos 200] [--requests 2000] [--exponent 1.0] [--top 50] [--clients 8] [--seed 7]
 * </pre>
 */
public final class WarmerExperiment {

    private static final String MODEL_ID = "ddcolor-bench";
    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    private record Window(int hits, int misses, int coalesced, int errors, long[] latencyNanos) {
        double hitRate() {
            return hits / (double) (hits + misses + coalesced + errors);
        }

        double percentileMillis(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    /** Model time (the GPU's share of a job) and whole-pipeline time, in seconds, and computations. */
    private record Work(double modelSeconds, double pipelineSeconds, double images) {
        Work minus(Work before) {
            return new Work(modelSeconds - before.modelSeconds, pipelineSeconds - before.pipelineSeconds,
                    images - before.images);
        }
    }

    private record Outcome(Window first, Window second, Work warming, Work secondWork, String warmerSummary) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args);
        Path inferenceApp = Path.of(options.getOrDefault("--inference-app", "inference-service/target/quarkus-app"));
        Path gatewayApp = Path.of(options.getOrDefault("--gateway-app", "gateway-service/target/quarkus-app"));
        Path warmerApp = Path.of(options.getOrDefault("--warmer-app", "cache-warmer/target/quarkus-app"));
        Path samples = Path.of(options.getOrDefault("--samples", "samples/photos"));
        int photoCount = Integer.parseInt(options.getOrDefault("--photos", "200"));
        int requests = Integer.parseInt(options.getOrDefault("--requests", "2000"));
        double exponent = Double.parseDouble(options.getOrDefault("--exponent", "1.0"));
        int top = Integer.parseInt(options.getOrDefault("--top", "50"));
        int clients = Integer.parseInt(options.getOrDefault("--clients", "8"));
        long seed = Long.parseLong(options.getOrDefault("--seed", "7"));

        ZipfWorkload workload = ZipfWorkload.fromSamples(samples, photoCount, exponent, seed);
        List<byte[]> window1 = workload.sequence(requests, seed + 1);
        List<byte[]> window2 = workload.sequence(requests, seed + 2);
        Path model = Files.createTempDirectory("bench-model").resolve("model.onnx");
        String version = DemoModel.writeLayered(model, 512, 16, 4).substring(0, 12);

        System.out.printf(Locale.ROOT, "%d distinct photos (%d-%d bytes), Zipf exponent %.1f, %d requests per window, "
                        + "%d clients, warmer top %d, %d cores%n%n", workload.distinct(),
                workload.photos().stream().mapToInt(p -> p.length).min().orElse(0),
                workload.photos().stream().mapToInt(p -> p.length).max().orElse(0), exponent, requests, clients, top,
                Runtime.getRuntime().availableProcessors());
        Outcome without = run(false, inferenceApp, gatewayApp, warmerApp, model, version, workload, window1, window2,
                top, clients);
        Outcome with = run(true, inferenceApp, gatewayApp, warmerApp, model, version, workload, window1, window2,
                top, clients);

        System.out.println("| run | window 1 hit rate | window 2 hit rate | window 2 hits / misses / coalesced / errors "
                + "| window 2 p50 ms | window 2 p99 ms | warmer jobs | warmer model s | window 2 model s "
                + "| window 2 computations |");
        System.out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        row("without warmer", without);
        row("with warmer", with);
        double saved = without.secondWork().modelSeconds() - with.secondWork().modelSeconds();
        double savedPipeline = without.secondWork().pipelineSeconds() - with.secondWork().pipelineSeconds();
        System.out.printf(Locale.ROOT, "%nWarmer: spent %.2f model-s (%.2f pipeline-s) on %.0f jobs; window 2 saved "
                        + "%.2f model-s (%.2f pipeline-s) and %.0f computations: saved/spent = %.2f%n",
                with.warming().modelSeconds(), with.warming().pipelineSeconds(), with.warming().images(), saved,
                savedPipeline, without.secondWork().images() - with.secondWork().images(),
                saved / with.warming().modelSeconds());
        System.out.printf(Locale.ROOT, "Window 2 hit rate: %.1f %% without the warmer, %.1f %% with it%n",
                100 * without.second().hitRate(), 100 * with.second().hitRate());
        System.out.println("Warmer summary: " + with.warmerSummary());
    }

    private static void row(String name, Outcome o) {
        Window w = o.second();
        System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.1f %% | %d / %d / %d / %d | %.1f | %.1f | %.0f | %.2f | %.2f | %.0f |%n",
                name, 100 * o.first().hitRate(), 100 * w.hitRate(), w.hits(), w.misses(), w.coalesced(), w.errors(),
                w.percentileMillis(0.50), w.percentileMillis(0.99), o.warming().images(), o.warming().modelSeconds(),
                o.secondWork().modelSeconds(), o.secondWork().images());
    }

    private static Outcome run(boolean warm, Path inferenceApp, Path gatewayApp, Path warmerApp, Path model,
            String version, ZipfWorkload workload, List<byte[]> window1, List<byte[]> window2, int top, int clients)
            throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Map<String, String> shared = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id", MODEL_ID,
                    "colorcache.model.version", version, "quarkus.log.level", "WARN");
            Map<String, String> workerConfig = new HashMap<>(shared);
            workerConfig.putAll(Map.of("colorcache.model.path", model.toString(), "colorcache.model.providers", "cpu"));
            Map<String, String> gatewayConfig = new HashMap<>(shared);
            gatewayConfig.put("colorcache.gateway.l1.max-bytes", "0");
            gatewayConfig.put("colorcache.gateway.deadline", "120s");
            try (ServiceProcess worker = ServiceProcess.start("inference-bench", inferenceApp, workerConfig,
                    List.of("-Xmx2g"));
                    ServiceProcess gateway = ServiceProcess.start("gateway-bench", gatewayApp, gatewayConfig);
                    RespClient client = redis.client()) {
                Window first = window(gateway.baseUri(), window1, clients);
                Thread.sleep(1000); // the gateway's request counts are written off the response path
                for (byte[] photo : workload.photos()) {
                    client.run("DEL", KEYS.result(new ModelRef(MODEL_ID, version), OutputFormat.JPEG, Sha256.hex(photo)));
                }
                Work beforeWarm = work(worker.managementUri());
                String summary = "-";
                if (warm) {
                    CommandRun.Result result = CommandRun.run(warmerApp, shared, Duration.ofMinutes(30),
                            "--top", Integer.toString(top), "--wait");
                    if (result.exitCode() != 0) {
                        throw new IllegalStateException("warmer exited " + result.exitCode() + ":\n" + result.stderr());
                    }
                    summary = result.lastLine();
                }
                Work afterWarm = work(worker.managementUri());
                Window second = window(gateway.baseUri(), window2, clients);
                Work afterSecond = work(worker.managementUri());
                return new Outcome(first, second, afterWarm.minus(beforeWarm), afterSecond.minus(afterWarm), summary);
            }
        }
    }

    private static Work work(String workerUri) throws Exception {
        String metrics = PrometheusText.scrape(workerUri);
        double pipeline = 0;
        for (String stage : List.of("decode", "pre", "model", "post", "encode")) {
            pipeline += PrometheusText.value(metrics,
                    "colorcache_inference_stage_duration_seconds_sum\\{stage=\"" + stage + "\"\\}");
        }
        return new Work(PrometheusText.value(metrics,
                "colorcache_inference_stage_duration_seconds_sum\\{stage=\"model\"\\}"), pipeline,
                PrometheusText.value(metrics, "colorcache_inference_images_total"));
    }

    private static Window window(String gateway, List<byte[]> sequence, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger misses = new AtomicInteger();
        AtomicInteger coalesced = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latency = new long[sequence.size()];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < sequence.size(); ) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/v1/colorize"))
                            .header("Content-Type", "image/jpeg").timeout(Duration.ofSeconds(180))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(sequence.get(i))).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latency[i] = System.nanoTime() - start;
                        String cache = response.headers().firstValue("X-Cache").orElse("");
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else if (cache.equals("hit")) {
                            hits.incrementAndGet();
                        } else if (cache.equals("coalesced")) {
                            coalesced.incrementAndGet();
                        } else {
                            misses.incrementAndGet();
                        }
                    } catch (Exception e) {
                        latency[i] = System.nanoTime() - start;
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return new Window(hits.get(), misses.get(), coalesced.get(), errors.get(), latency);
    }
}
