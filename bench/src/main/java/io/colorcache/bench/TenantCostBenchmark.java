package io.colorcache.bench;

import io.colorcache.protocol.ApiKeys;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tenants cost a cache hit: three packaged gateways on one Redis, each with L1, answer the
 * same warm photo: without authentication; with an API key (key lookup, and the photo's hold
 * recorded on every upload); and with an API key whose tenant has every limit (request rate and
 * upload bytes in flight checked in Redis too); with {@code --baseline-app}, an API-key gateway of
 * another build as well. Rounds alternate between the gateways, so the machine's noise falls on
 * all alike; the answer is the ratio.
 */
public final class TenantCostBenchmark {

    private static final ModelRef MODEL = new ModelRef("ddcolor-bench", "0123abcd");
    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args);
        Path gatewayApp = Path.of(options.getOrDefault("--gateway-app", "gateway-service/target/quarkus-app"));
        Path baselineApp = options.containsKey("--baseline-app") ? Path.of(options.get("--baseline-app")) : null;
        int requests = Integer.parseInt(options.getOrDefault("--requests", "5000"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
        List<String> paths = List.of(options.getOrDefault("--paths", String.join(",", PATHS)).split(","));
        List<Integer> concurrency = List.of(1, 16);

        Path work = Files.createTempDirectory("tenant-cost");
        byte[] photo = HitPathBenchmark.jpegOfAbout(100_000, 7);
        String sha = Sha256.hex(photo);
        String plainKey = ApiKeys.newKey();
        String limitedKey = ApiKeys.newKey();
        Path keyFile = work.resolve("api-keys");
        Files.writeString(keyFile, ApiKeys.line("plain", plainKey, "") + "\n"
                + ApiKeys.line("limited", limitedKey, "rps=1000000,burst=1000000,upload-bytes=100000000000") + "\n");
        try (RedisServer redis = RedisServer.start(); RespClient client = redis.client();
                LoadGenerator load = new LoadGenerator()) {
            client.run("SET", KEYS.result(MODEL, OutputFormat.JPEG, sha), photo, "EX", "86400");
            Map<String, String> common = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id",
                    MODEL.id(), "colorcache.model.version", MODEL.version(), "quarkus.log.level", "WARN");
            Map<String, String> keyed = new LinkedHashMap<>(common);
            keyed.putAll(Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", keyFile.toString()));
            List<String> jvm = List.of("-Xmx1g", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError");
            try (ServiceProcess open = ServiceProcess.start("gateway-none", gatewayApp, common, jvm);
                    ServiceProcess withKeys = ServiceProcess.start("gateway-keys", gatewayApp, keyed, jvm);
                    ServiceProcess baseline = baselineApp == null ? null
                            : ServiceProcess.start("gateway-baseline", baselineApp, keyed, jvm)) {
                Map<String, Variant> variants = new LinkedHashMap<>();
                Buffer upload = Buffer.buffer(photo);
                variants.put("none", variant(open, Map.of(), upload));
                Map<String, String> plain = Map.of("Authorization", "Bearer " + plainKey);
                variants.put("api-key", variant(withKeys, plain, upload));
                variants.put("api-key + limits", variant(withKeys, Map.of("Authorization", "Bearer " + limitedKey), upload));
                if (baseline != null) {
                    variants.put("api-key, baseline build", variant(baseline, plain, upload));
                }
                for (Variant v : variants.values()) {
                    for (String path : paths) {
                        run(load, path, v, upload, sha, 4, 2000);
                    }
                }
                System.out.printf("Loopback, %d cores; %d-byte JPEG, L1 hits; %d requests per cell, best of %d rounds"
                        + " (rounds alternate between variants)%s%n%n", Runtime.getRuntime().availableProcessors(),
                        photo.length, requests, rounds, baseline == null ? "" : "; baseline build: " + baselineApp);
                System.out.println("| path | c | variant | rps | p50 / p99 ms | rps / none | errors |");
                System.out.println("|---|---:|---|---:|---|---:|---:|");
                for (String path : paths) {
                    for (int c : concurrency) {
                        Map<String, LoadGenerator.Result> best = new LinkedHashMap<>();
                        for (int round = 0; round < rounds; round++) {
                            for (Map.Entry<String, Variant> v : variants.entrySet()) {
                                LoadGenerator.Result r = run(load, path, v.getValue(), upload, sha, c, requests);
                                best.merge(v.getKey(), r, (a, b) -> a.rps() >= b.rps() ? a : b);
                            }
                        }
                        double base = best.get("none").rps();
                        best.forEach((name, r) -> System.out.printf(Locale.ROOT,
                                "| %s | %d | %s | %.0f | %.2f / %.2f | %.2f | %d |%n", path, c, name, r.rps(),
                                r.percentileMicros(50) / 1000, r.percentileMicros(99) / 1000, r.rps() / base,
                                r.errors()));
                    }
                }
            }
        }
    }

    /** The paths measured: uploads of a cached photo, its fetch by hash, and the job of a cached upload. */
    private static final List<String> PATHS = List.of("POST /v1/colorize", "GET /v1/results/{sha256}",
            "POST /v1/jobs", "GET /v1/jobs/{id}");

    private static LoadGenerator.Result run(LoadGenerator load, String path, Variant v, Buffer upload, String sha,
            int connections, int requests) throws Exception {
        String base = v.gateway().baseUri();
        return switch (path) {
            case "POST /v1/colorize" -> load.run(HttpMethod.POST, base + "/v1/colorize", upload, "image/jpeg",
                    v.headers(), connections, requests);
            case "GET /v1/results/{sha256}" -> load.run(HttpMethod.GET, base + "/v1/results/" + sha, null, null,
                    v.headers(), connections, requests);
            case "POST /v1/jobs" -> load.run(HttpMethod.POST, base + "/v1/jobs", upload, "image/jpeg",
                    jpegResult(v.headers()), connections, requests);
            case "GET /v1/jobs/{id}" -> load.run(HttpMethod.GET, base + "/v1/jobs/" + v.jobId(), null, null,
                    v.headers(), connections, requests);
            default -> throw new IllegalArgumentException("unknown path " + path + "; one of " + PATHS);
        };
    }

    /** The headers, asking for the JPEG result (the one cached). */
    private static Map<String, String> jpegResult(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Accept", "image/jpeg");
        return all;
    }

    /** The variant with the id of the job its tenant gets for the cached photo (POST /v1/jobs answers 200). */
    private static Variant variant(ServiceProcess gateway, Map<String, String> headers, Buffer upload) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/v1/jobs"))
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload.getBytes()));
        jpegResult(headers).forEach(request::header);
        // A tenant's first upload of a photo is answered as new (202) even from the cache; its repeats are hits.
        HttpClient client = HttpClient.newHttpClient();
        client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /v1/jobs of the cached photo: " + response.statusCode());
        }
        Matcher id = Pattern.compile("\"id\":\"([0-9a-f]{32})\"").matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no job id in " + response.body());
        }
        return new Variant(gateway, headers, id.group(1));
    }

    private record Variant(ServiceProcess gateway, Map<String, String> headers, String jobId) {
    }
}
