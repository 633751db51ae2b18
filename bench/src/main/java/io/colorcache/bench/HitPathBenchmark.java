package io.colorcache.bench;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The cache-hit path against its floor, in one run on loopback: for each photo size and
 * concurrency, a fixed number of requests from {@link LoadGenerator} to the packaged gateway (L2
 * hits with L1 off; L1 hits; GET by SHA-256), and redis-benchmark GET of a value of the same
 * size, same concurrency. Prints a Markdown table with requests/s, latency percentiles, errors and ratios,
 * and the gateway's memory.
 *
 * <pre>
 * HitPathBenchmark --gateway-app DIR [--sizes 100k,1m,4m] [--concurrency 1,16,64]
 *     [--requests 100k=10000,1m=2000,4m=500] [--jfr FILE (record the gateways with JFR)]
 * </pre>
 */
public final class HitPathBenchmark {

    private static final ModelRef MODEL = new ModelRef("ddcolor-bench", "0123abcd");
    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    /** One measured cell: throughput, latency in microseconds, failed requests. */
    record Cell(double rps, double p50Us, double p99Us, double p999Us, long errors) {
        String format() {
            return String.format(Locale.ROOT, "%.0f | %.2f / %.2f / %s", rps, p50Us / 1000, p99Us / 1000,
                    Double.isNaN(p999Us) ? "-" : String.format(Locale.ROOT, "%.2f", p999Us / 1000));
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args);
        Path gatewayApp = Path.of(options.getOrDefault("--gateway-app", "gateway-service/target/quarkus-app"));
        List<String> sizes = List.of(options.getOrDefault("--sizes", "100k,1m,4m").split(","));
        List<Integer> concurrency = new ArrayList<>();
        for (String c : options.getOrDefault("--concurrency", "1,16,64").split(",")) {
            concurrency.add(Integer.parseInt(c.trim()));
        }
        Map<String, Integer> requests = new LinkedHashMap<>();
        for (String pair : options.getOrDefault("--requests", "100k=10000,1m=2000,4m=500").split(",")) {
            requests.put(pair.substring(0, pair.indexOf('=')), Integer.parseInt(pair.substring(pair.indexOf('=') + 1)));
        }

        Path work = Files.createTempDirectory("hitpath");
        try (RedisServer redis = RedisServer.start(); RespClient client = redis.client();
                LoadGenerator load = new LoadGenerator()) {
            Map<String, Path> uploads = new LinkedHashMap<>();
            Map<String, String> shas = new LinkedHashMap<>();
            for (String size : sizes) {
                byte[] photo = jpegOfAbout(bytes(size), size.hashCode());
                Path file = work.resolve(size + ".jpg");
                Files.write(file, photo);
                uploads.put(size, file);
                String sha = Sha256.hex(photo);
                shas.put(size, sha);
                // The warm cache: a result of the same size under the photo's result key.
                client.run("SET", KEYS.result(MODEL, OutputFormat.JPEG, sha), photo, "EX", "86400");
            }
            Map<String, String> common = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id",
                    MODEL.id(), "colorcache.model.version", MODEL.version(),
                    "quarkus.log.level", "WARN");
            Map<String, String> noL1 = new LinkedHashMap<>(common);
            noL1.put("colorcache.gateway.l1.max-bytes", "0");
            List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError"));
            if (options.containsKey("--jfr")) {
                jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + options.get("--jfr"));
            }
            try (ServiceProcess l2Gateway = ServiceProcess.start("gateway-l2", gatewayApp, noL1, jvm);
                    ServiceProcess l1Gateway = ServiceProcess.start("gateway-l1", gatewayApp, common, jvm)) {
                for (String size : sizes) {
                    // Fill L1, and JIT-warm both gateways on every path.
                    for (int i = 0; i < 200; i++) {
                        post(l1Gateway.baseUri(), uploads.get(size));
                        post(l2Gateway.baseUri(), uploads.get(size));
                        get(l2Gateway.baseUri() + "/v1/results/" + shas.get(size));
                    }
                }
                System.out.printf("Loopback, %d cores; gateway JVM %s; requests per cell: %s%n%n",
                        Runtime.getRuntime().availableProcessors(), jvm, requests);
                System.out.println("| size | c | redis-benchmark GET rps (p50 / p99 ms) | L2 hit POST rps | p50 / p99 / p99.9 ms "
                        + "| L1 hit POST rps | p50 / p99 / p99.9 ms | GET by sha (L2) rps | p50 / p99 / p99.9 ms "
                        + "| L2/redis | L1/L2 | errors |");
                System.out.println("|---|---:|---|---:|---|---:|---|---:|---|---:|---:|---:|");
                long peakRss = 0;
                for (String size : sizes) {
                    int n = requests.getOrDefault(size, 1000);
                    for (int c : concurrency) {
                        Cell floor = redisBenchmark(redis.port(), bytes(size), c, n);
                        Buffer upload = Buffer.buffer(Files.readAllBytes(uploads.get(size)));
                        Cell l2 = cell(load.run(HttpMethod.POST, l2Gateway.baseUri() + "/v1/colorize", upload,
                                "image/jpeg", c, n));
                        Cell l1 = cell(load.run(HttpMethod.POST, l1Gateway.baseUri() + "/v1/colorize", upload,
                                "image/jpeg", c, n));
                        Cell bySha = cell(load.run(HttpMethod.GET, l2Gateway.baseUri() + "/v1/results/" + shas.get(size),
                                null, null, c, n));
                        if (c == concurrency.get(concurrency.size() - 1)) {
                            peakRss = Math.max(peakRss, memory(l2Gateway, "VmHWM"));
                        }
                        System.out.printf(Locale.ROOT, "| %s | %d | %.0f (%.2f / %.2f) | %s | %s | %s | %.2f | %.2f | %d |%n",
                                size, c, floor.rps(), floor.p50Us() / 1000, floor.p99Us() / 1000, l2.format(), l1.format(),
                                bySha.format(), l2.rps() / floor.rps(), l1.rps() / l2.rps(),
                                l2.errors() + l1.errors() + bySha.errors());
                    }
                }
                System.out.printf(Locale.ROOT, "%nGateway's own time per request (colorcache_gateway_request_duration, "
                        + "from the body read to the answer), mean over all cells: L2 hit %.2f ms, L1 hit %.2f ms%n",
                        serverMillis(l2Gateway, "hit_l2"), serverMillis(l1Gateway, "hit_l1"));
                System.out.printf(Locale.ROOT, "Gateway (L1 off) peak RSS (VmHWM) through the runs: %d MiB; now %d MiB%n",
                        peakRss / 1024, memory(l2Gateway, "VmRSS") / 1024);
            }
        }
    }

    private static long bytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        long unit = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1024 * 1024 : 1;
        return Long.parseLong(s.replaceAll("[km]$", "")) * unit;
    }

    /** A JPEG of noise whose size is within a few percent of {@code target} bytes. */
    static byte[] jpegOfAbout(long target, long seed) throws IOException {
        Random random = new Random(seed);
        int side = (int) Math.sqrt(target / 1.5);
        byte[] best = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int v = random.nextInt(256);
                    image.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            best = GeneratedImages.jpeg(image, 0.9f);
            double ratio = best.length / (double) target;
            if (Math.abs(ratio - 1) < 0.05) {
                break;
            }
            side = (int) Math.max(16, side / Math.sqrt(ratio));
        }
        return best;
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static void post(String base, Path upload) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/colorize"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofFile(upload)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("warm-up POST answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static void get(String uri) throws Exception {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("warm-up GET answered " + response.statusCode());
        }
    }

    private static Cell cell(LoadGenerator.Result result) {
        return new Cell(result.rps(), result.percentileMicros(50), result.percentileMicros(99),
                result.percentileMicros(99.9), result.errors());
    }

    private static Cell redisBenchmark(int port, long size, int connections, int requests) throws Exception {
        String output = run(new ProcessBuilder("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-t", "set,get", "-d", Long.toString(size), "-c", Integer.toString(connections), "-n",
                Integer.toString(requests), "--csv").redirectErrorStream(true));
        for (String line : output.split("\n")) {
            if (line.startsWith("\"GET\"")) {
                String[] f = line.replace("\"", "").split(",");
                // test, rps, avg, min, p50, p95, p99, max (ms)
                return new Cell(Double.parseDouble(f[1]), Double.parseDouble(f[4]) * 1000,
                        Double.parseDouble(f[6]) * 1000, Double.NaN, 0);
            }
        }
        throw new IllegalStateException("redis-benchmark printed no GET row:\n" + output);
    }

    private static String run(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", builder.command()) + " failed:\n" + output);
        }
        return output;
    }

    private static double serverMillis(ServiceProcess gateway, String outcome) throws Exception {
        String metrics = PrometheusText.scrape(gateway.managementUri());
        String labels = "\\{outcome=\"" + outcome + "\"\\}";
        return PrometheusText.value(metrics, "colorcache_gateway_request_duration_seconds_sum" + labels) * 1000
                / PrometheusText.value(metrics, "colorcache_gateway_request_duration_seconds_count" + labels);
    }

    /** A line of /proc/PID/status in KiB, e.g. VmRSS or VmHWM (peak). */
    private static long memory(ServiceProcess process, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
