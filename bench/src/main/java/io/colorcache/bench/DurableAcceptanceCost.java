package io.colorcache.bench;

import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * What waiting for a replica ({@code colorcache.jobs.durability.replicas=1}, Redis {@code WAIT})
 * costs the miss path: two packaged gateways on one primary with one replica, one waiting and one
 * not, asked in turn to accept new photos ({@code POST /v1/jobs} -> 202; no worker runs).
 *
 * <pre>
 * DurableAcceptanceCost --gateway-app DIR --requests N --warmup N
 * </pre>
 */
public final class DurableAcceptanceCost {

    private DurableAcceptanceCost() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args);
        Path gatewayApp = Path.of(options.getOrDefault("--gateway-app", "gateway-service/target/quarkus-app"));
        int requests = Integer.parseInt(options.getOrDefault("--requests", "1000"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "200"));
        HttpClient http = HttpClient.newHttpClient();
        try (RedisServer primary = RedisServer.start();
                RedisServer replica = RedisServer.startReplicaOf(primary);
                ServiceProcess plain = ServiceProcess.start("gateway-plain", gatewayApp, config(primary, 0));
                ServiceProcess waiting = ServiceProcess.start("gateway-wait", gatewayApp, config(primary, 1))) {
            long[] plainNanos = new long[requests];
            long[] waitingNanos = new long[requests];
            int photo = 0;
            for (int i = -warmup; i < requests; i++) {
                long a = accept(http, plain, GeneratedImages.encode(GeneratedImages.gradient(96, 72, photo++), "jpeg"));
                long b = accept(http, waiting, GeneratedImages.encode(GeneratedImages.gradient(96, 72, photo++), "jpeg"));
                if (i >= 0) {
                    plainNanos[i] = a;
                    waitingNanos[i] = b;
                }
            }
            Arrays.sort(plainNanos);
            Arrays.sort(waitingNanos);
            System.out.println("| acceptance (POST /v1/jobs -> 202) | p50 ms | p90 ms | p99 ms |");
            System.out.println("|---|---:|---:|---:|");
            row("no WAIT (durability.replicas=0)", plainNanos);
            row("WAIT 1 (durability.replicas=1)", waitingNanos);
            System.out.printf("p50 ratio WAIT / no WAIT: %.2f; %d requests each, alternating, after %d warm-up pairs%n",
                    (double) percentile(waitingNanos, 50) / percentile(plainNanos, 50), requests, warmup);
        }
    }

    private static Map<String, String> config(RedisServer primary, int replicas) {
        return Map.of("quarkus.redis.hosts", primary.uri(),
                "colorcache.model.id", "ddcolor-bench", "colorcache.model.version", "0123abcd",
                "colorcache.jobs.durability.replicas", Integer.toString(replicas),
                "colorcache.gateway.max-queued", "1000000");
    }

    private static long accept(HttpClient http, ServiceProcess gateway, byte[] photo) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/v1/jobs"))
                .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(photo)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 202) {
            throw new IllegalStateException("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return elapsed;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static void row(String name, long[] sorted) {
        System.out.printf("| %s | %.2f | %.2f | %.2f |%n", name, percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6, percentile(sorted, 99) / 1e6);
    }
}
