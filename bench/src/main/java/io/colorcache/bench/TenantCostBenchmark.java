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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What tenants cost a cache hit: three packaged gateways on one Redis, each with L1, answer the
 * same warm photo: without authentication; with an API key (key lookup, and the photo's hold
 * recorded on every upload); and with an API key whose tenant has every limit (request rate and
 * upload bytes in flight checked in Redis too). Rounds alternate between the gateways, so the
 * machine's noise falls on all three alike; the answer is the ratio.
 */
public final class TenantCostBenchmark {

    private static final ModelRef MODEL = new ModelRef("ddcolor-bench", "0123abcd");
    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args);
        Path gatewayApp = Path.of(options.getOrDefault("--gateway-app", "gateway-service/target/quarkus-app"));
        int requests = Integer.parseInt(options.getOrDefault("--requests", "5000"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
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
                    ServiceProcess withKeys = ServiceProcess.start("gateway-keys", gatewayApp, keyed, jvm)) {
                Map<String, Variant> variants = new LinkedHashMap<>();
                variants.put("none", new Variant(open, Map.of()));
                variants.put("api-key", new Variant(withKeys, Map.of("Authorization", "Bearer " + plainKey)));
                variants.put("api-key + limits", new Variant(withKeys, Map.of("Authorization", "Bearer " + limitedKey)));
                Buffer upload = Buffer.buffer(photo);
                for (Variant v : variants.values()) {
                    load.run(HttpMethod.POST, v.gateway().baseUri() + "/v1/colorize", upload, "image/jpeg", v.headers(),
                            4, 2000);
                    load.run(HttpMethod.GET, v.gateway().baseUri() + "/v1/results/" + sha, null, null, v.headers(),
                            4, 2000);
                }
                System.out.printf("Loopback, %d cores; %d-byte JPEG, L1 hits; %d requests per cell, best of %d rounds"
                        + " (rounds alternate between variants)%n%n", Runtime.getRuntime().availableProcessors(),
                        photo.length, requests, rounds);
                System.out.println("| path | c | variant | rps | p50 / p99 ms | rps / none | errors |");
                System.out.println("|---|---:|---|---:|---|---:|---:|");
                for (String path : List.of("POST /v1/colorize", "GET /v1/results/{sha256}")) {
                    for (int c : concurrency) {
                        Map<String, LoadGenerator.Result> best = new LinkedHashMap<>();
                        for (int round = 0; round < rounds; round++) {
                            for (Map.Entry<String, Variant> v : variants.entrySet()) {
                                LoadGenerator.Result r = path.startsWith("POST")
                                        ? load.run(HttpMethod.POST, v.getValue().gateway().baseUri() + "/v1/colorize",
                                                upload, "image/jpeg", v.getValue().headers(), c, requests)
                                        : load.run(HttpMethod.GET, v.getValue().gateway().baseUri() + "/v1/results/"
                                                + sha, null, null, v.getValue().headers(), c, requests);
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

    private record Variant(ServiceProcess gateway, Map<String, String> headers) {
    }
}
