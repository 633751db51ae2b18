package io.colorcache.bench;

import io.colorcache.inference.near.HashBands;
import io.colorcache.inference.near.NearVerification;
import io.colorcache.inference.near.PerceptualSignature;
import io.colorcache.inference.pipeline.ImageCodec;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.ContractGraph;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Near-duplicate reuse measured (issue 18), on the sets of {@code bench/near_sets.py}, in one run:
 * <ol>
 * <li><b>Offline</b>, with the worker's own signature, probes and verification on every file:
 * recall per variant class (the nearest verified candidate among all bases and distractors must
 * be the variant's own base), false reuse of every distractor against the bases, and the
 * verification's margins.</li>
 * <li><b>Online</b>, over HTTP against the packaged gateway and worker, a real Redis and a model
 * whose colours depend on content ({@link ContractGraph#textured}): X-Cache of bases, a sample of
 * distractors and every variant; the quality of near renders against a fresh computation of the
 * same variant; latency of exact hits, near hits and misses for a 1 MP photo; memory per photo;
 * and a Zipf workload, 30% of it variants of earlier photos, run exact-only and with near reuse
 * on fresh deployments, counting the model's computations.</li>
 * </ol>
 *
 * <pre>
 * NearBench --sets DIR --inference-app DIR --gateway-app DIR [--size 256] [--online-distractors 2000] [--online-variants all]
 *     [--quality-samples 300] [--zipf-requests 600] [--radius 7] [--min-correlation 0.95] [--aspect-tolerance 0.03]
 *     [--offline-only | --latency-only]
 * </pre>
 */
public final class NearBench {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final int MAX_CANDIDATES = 8;

    /** A file of the sets with its signature; {@code base} is its base's id (a base's own id for a base). */
    record Item(String file, String base, String kind, PerceptualSignature signature) {
    }

    private final Map<String, String> options;
    private final int radius;
    private final NearVerification verification;
    private final StringBuilder report = new StringBuilder();

    private NearBench(Map<String, String> options) {
        this.options = options;
        this.radius = Integer.parseInt(options.getOrDefault("--radius", "7"));
        this.verification = new NearVerification(Double.parseDouble(options.getOrDefault("--min-correlation", "0.95")),
                Double.parseDouble(options.getOrDefault("--aspect-tolerance", "0.03")));
    }

    public static void main(String[] args) throws Exception {
        new NearBench(BenchArgs.parse(args, "--offline-only", "--latency-only")).run();
    }

    private void run() throws Exception {
        JsonObject manifest = new JsonObject(Files.readString(Path.of(options.get("--sets"), "manifest.json")));
        if (options.containsKey("--latency-only")) {
            try (Deployment d = new Deployment("near-latency")) {
                warmUp(d, manifest);
                latency(d, manifest.getJsonObject("latency"));
            }
            System.out.println(report);
            return;
        }
        List<Item> bases = new ArrayList<>();
        List<Item> variants = new ArrayList<>();
        List<Item> distractors = new ArrayList<>();
        signatures(manifest, bases, variants, distractors);
        List<Item> kept = offline(bases, variants, distractors);
        if (!options.containsKey("--offline-only")) {
            online(manifest, bases, variants, kept);
        }
        System.out.println(report);
    }

    // ---------------------------------------------------------------- offline

    private void signatures(JsonObject manifest, List<Item> bases, List<Item> variants, List<Item> distractors)
            throws Exception {
        ImageCodec codec = new ImageCodec(100_000_000L, 0.9f);
        List<Item> pending = new ArrayList<>();
        for (Object o : manifest.getJsonArray("bases")) {
            JsonObject b = (JsonObject) o;
            pending.add(new Item(b.getString("file"), b.getString("id"), "base", null));
        }
        for (Object o : manifest.getJsonArray("variants")) {
            JsonObject v = (JsonObject) o;
            pending.add(new Item(v.getString("file"), v.getString("base"), v.getString("class"), null));
        }
        for (Object o : manifest.getJsonArray("distractors")) {
            pending.add(new Item((String) o, null, "distractor", null));
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<Item>> signed = new ArrayList<>();
        for (Item item : pending) {
            signed.add(pool.submit(() -> new Item(item.file(), item.base(), item.kind(),
                    PerceptualSignature.of(codec.decodePhoto(Files.readAllBytes(Path.of(item.file())))))));
        }
        for (Future<Item> f : signed) {
            Item item = f.get();
            (item.kind().equals("base") ? bases : item.kind().equals("distractor") ? distractors : variants).add(item);
        }
        pool.shutdown();
        System.err.printf("signatures of %d files in %.0f s%n", pending.size(), (System.nanoTime() - start) / 1e9);
    }

    /** The photos of an in-memory index by band value, probed exactly as the worker probes Redis. */
    private final class Index {
        private final Map<Integer, List<Item>> byBand = new HashMap<>();

        void add(Item item) {
            for (int band = 0; band < HashBands.BANDS; band++) {
                byBand.computeIfAbsent(band << 16 | HashBands.value(item.signature().hash(), band),
                        k -> new ArrayList<>()).add(item);
            }
        }

        /** Candidates within the radius, nearest first, at most {@value #MAX_CANDIDATES}. */
        List<Item> candidates(PerceptualSignature signature) {
            Set<Item> within = new HashSet<>();
            for (HashBands.Probe probe : HashBands.probes(signature.hash(), radius)) {
                for (Item item : byBand.getOrDefault(probe.band() << 16 | probe.value(), List.of())) {
                    if (PerceptualSignature.distance(signature.hash(), item.signature().hash()) <= radius) {
                        within.add(item);
                    }
                }
            }
            return within.stream().sorted(Comparator.comparingInt(
                    (Item i) -> PerceptualSignature.distance(signature.hash(), i.signature().hash())))
                    .limit(MAX_CANDIDATES).toList();
        }

        /** The first candidate that verifies, or null. */
        Item reused(PerceptualSignature signature) {
            for (Item candidate : candidates(signature)) {
                if (verification.check(signature, candidate.signature()) == NearVerification.Verdict.REUSE) {
                    return candidate;
                }
            }
            return null;
        }
    }

    /** Offline figures; returns the distractors kept (none a near-duplicate of another). */
    private List<Item> offline(List<Item> bases, List<Item> variants, List<Item> distractors) {
        Index distractorIndex = new Index();
        List<Item> kept = new ArrayList<>();
        for (Item d : distractors) {
            if (distractorIndex.reused(d.signature()) == null) {
                distractorIndex.add(d);
                kept.add(d);
            }
        }
        Index baseIndex = new Index();
        bases.forEach(baseIndex::add);
        int falseReuse = 0;
        int withinRadius = 0;
        double maxCorrelationWithinRadius = -1;
        double maxCorrelationAny = -1;
        for (Item d : kept) {
            List<Item> candidates = baseIndex.candidates(d.signature());
            withinRadius += candidates.isEmpty() ? 0 : 1;
            for (Item c : candidates) {
                maxCorrelationWithinRadius = Math.max(maxCorrelationWithinRadius, d.signature().correlation(c.signature()));
            }
            if (baseIndex.reused(d.signature()) != null) {
                falseReuse++;
            }
            for (Item b : bases) {
                maxCorrelationAny = Math.max(maxCorrelationAny, d.signature().correlation(b.signature()));
            }
        }
        Index all = new Index();
        bases.forEach(all::add);
        kept.forEach(all::add);
        Map<String, int[]> byClass = new LinkedHashMap<>();
        Map<String, Double> lowestAccepted = new HashMap<>();
        Map<String, Integer> farthest = new HashMap<>();
        Map<String, Item> baseById = new HashMap<>();
        bases.forEach(b -> baseById.put(b.base(), b));
        for (Item v : variants) {
            int[] counts = byClass.computeIfAbsent(v.kind(), k -> new int[3]);
            Item reused = all.reused(v.signature());
            if (reused == null) {
                counts[2]++;
            } else if (reused.base() != null && reused.base().equals(v.base()) && reused.kind().equals("base")) {
                counts[0]++;
                lowestAccepted.merge(v.kind(), v.signature().correlation(reused.signature()), Math::min);
            } else {
                counts[1]++;
            }
            Item own = baseById.get(v.base());
            farthest.merge(v.kind(), PerceptualSignature.distance(v.signature().hash(), own.signature().hash()),
                    Math::max);
        }
        line("## Offline: the worker's signature, probes (radius %d) and verification (correlation >= %.2f,"
                + " aspect within %.0f%%) on every file", radius, verification.minCorrelation(),
                verification.aspectTolerance() * 100);
        line("");
        line("%d bases, %d variants, %d distractors (%d kept: none verifies against another)", bases.size(),
                variants.size(), distractors.size(), kept.size());
        line("");
        line("| variant class | variants | recall (own base reused) | wrong photo reused | no reuse |"
                + " largest hash distance to own base | lowest correlation accepted |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        byClass.forEach((cls, c) -> line("| %s | %d | %.1f%% | %d | %d | %d | %s |", cls, c[0] + c[1] + c[2],
                100.0 * c[0] / (c[0] + c[1] + c[2]), c[1], c[2], farthest.get(cls),
                lowestAccepted.containsKey(cls) ? String.format(Locale.ROOT, "%.4f", lowestAccepted.get(cls)) : "-"));
        line("");
        line("Distractors against the bases: **%d false reuses** of %d; %d had a base within the radius; highest"
                + " correlation with a base within the radius %.3f, with any base %.3f (threshold %.2f: margin %.3f)",
                falseReuse, kept.size(), withinRadius, maxCorrelationWithinRadius, maxCorrelationAny,
                verification.minCorrelation(), verification.minCorrelation() - maxCorrelationAny);
        line("");
        return kept;
    }

    // ---------------------------------------------------------------- online

    /** One packaged deployment: a Redis, the worker with the textured model, the gateway. */
    private final class Deployment implements AutoCloseable {
        final RedisServer redis;
        final ServiceProcess inference;
        final ServiceProcess gateway;
        final ModelRef model;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        Deployment(String name) throws IOException {
            int size = Integer.parseInt(options.getOrDefault("--size", "256"));
            byte[] graph = ContractGraph.textured(size);
            Path modelFile = Files.createTempDirectory("near-bench").resolve("textured.onnx");
            Files.write(modelFile, graph);
            model = new ModelRef("ddcolor-textured", Sha256.hex(graph).substring(0, 12));
            redis = RedisServer.start();
            Map<String, String> shared = Map.of("quarkus.redis.hosts", redis.uri(), "colorcache.model.id", model.id(),
                    "colorcache.model.version", model.version());
            Map<String, String> worker = new HashMap<>(shared);
            worker.putAll(Map.of("colorcache.model.path", modelFile.toString(), "colorcache.model.providers", "cpu",
                    "colorcache.worker.consumer", name, "colorcache.near.radius", Integer.toString(radius),
                    "colorcache.near.min-correlation", Double.toString(verification.minCorrelation()),
                    "colorcache.near.aspect-tolerance", Double.toString(verification.aspectTolerance())));
            inference = ServiceProcess.start("inference-" + name, Path.of(options.get("--inference-app")), worker);
            gateway = ServiceProcess.start("gateway-" + name, Path.of(options.get("--gateway-app")), shared);
        }

        /** POST /v1/colorize answered as PNG (lossless, for comparisons). */
        HttpResponse<byte[]> post(String file, String query) {
            return post(file, query, "image/png");
        }

        /** POST /v1/colorize: the X-Cache value and the body; {@code accept} null for the upload's own format. */
        HttpResponse<byte[]> post(String file, String query, String accept) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/v1/colorize" + query))
                    .header("Content-Type", file.endsWith(".png") ? "image/png" : "image/jpeg")
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(read(file)));
            if (accept != null) {
                builder.header("Accept", accept);
            }
            HttpResponse<byte[]> response = send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(file + ": " + response.statusCode() + " " + new String(response.body()));
            }
            return response;
        }

        private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                return http.send(request, handler);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Erasure of everything the photo left (its results, every gateway's L1 copy, its near data). */
        void erase(String sha) {
            int status = send(HttpRequest.newBuilder(URI.create(gateway.baseUri() + "/v1/results/" + sha)).DELETE()
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                throw new IllegalStateException("erasure of " + sha + ": " + status);
            }
        }

        /** A counter of the worker's metrics. */
        double workerMetric(String name) {
            String text = send(HttpRequest.newBuilder(URI.create(inference.managementUri() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum;
        }

        @Override
        public void close() {
            for (AutoCloseable c : new AutoCloseable[] {gateway, inference, redis}) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
        }
    }

    private static String cache(HttpResponse<byte[]> response) {
        return response.headers().firstValue("X-Cache").orElse("?");
    }

    private void online(JsonObject manifest, List<Item> bases, List<Item> variants, List<Item> kept) throws Exception {
        zipf(bases, variants);
        try (Deployment d = new Deployment("near-bench")) {
            Map<String, Integer> baseCache = new HashMap<>();
            for (Item b : bases) {
                baseCache.merge(cache(d.post(b.file(), "")), 1, Integer::sum);
            }
            List<Item> sample = new ArrayList<>(kept);
            Collections.shuffle(sample, new Random(18));
            sample = sample.subList(0, Math.min(sample.size(), Integer.parseInt(
                    options.getOrDefault("--online-distractors", "2000"))));
            Map<String, Integer> distractorCache = new HashMap<>();
            for (Item x : sample) {
                distractorCache.merge(cache(d.post(x.file(), "")), 1, Integer::sum);
            }
            line("## Online: packaged gateway and worker, textured model at S = %s, real Redis",
                    options.getOrDefault("--size", "256"));
            line("");
            line("Bases: %s. Distractors (a random %d of the kept, after the bases): %s: **%d false reuses**.",
                    baseCache, sample.size(), distractorCache, distractorCache.getOrDefault("near", 0));
            line("");
            variantsOnline(d, variants);
            memory(d, bases);
            latency(d, manifest.getJsonObject("latency"));
        }
    }

    private void variantsOnline(Deployment d, List<Item> variants) throws IOException {
        Map<String, int[]> byClass = new LinkedHashMap<>();
        Map<String, Quality> quality = new LinkedHashMap<>();
        int budget = Integer.parseInt(options.getOrDefault("--quality-samples", "300"));
        int every = Math.max(1, variants.size() / Math.max(1, budget));
        int index = 0;
        int limit = Integer.parseInt(options.getOrDefault("--online-variants", Integer.toString(variants.size())));
        for (Item v : variants.subList(0, Math.min(limit, variants.size()))) {
            HttpResponse<byte[]> response = d.post(v.file(), "");
            boolean near = cache(response).equals("near");
            int[] counts = byClass.computeIfAbsent(v.kind(), k -> new int[2]);
            counts[0]++;
            counts[1] += near ? 1 : 0;
            if (near && index++ % every == 0) {
                d.erase(Sha256.hex(Files.readAllBytes(Path.of(v.file()))));
                HttpResponse<byte[]> fresh = d.post(v.file(), "?match=exact");
                if (!cache(fresh).equals("miss")) {
                    throw new IllegalStateException(v.file() + " with match=exact after erasure: " + cache(fresh));
                }
                quality.computeIfAbsent(v.kind(), k -> new Quality()).add(image(response.body()), image(fresh.body()));
            }
        }
        line("| variant class | online recall (X-Cache: near) | near renders compared | mean abs(delta ab) |"
                + " p99 abs(delta ab) | mean delta E (CIE76) |");
        line("|---|---:|---:|---:|---:|---:|");
        byClass.forEach((cls, c) -> {
            Quality q = quality.get(cls);
            line("| %s | %.1f%% (%d/%d) | %s |", cls, 100.0 * c[1] / c[0], c[1], c[0],
                    q == null ? "0 | - | - | -" : q.format());
        });
        line("");
    }

    private static BufferedImage image(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Colour differences between near renders and fresh computations, pixel by pixel, in CIE Lab. */
    private static final class Quality {
        private final long[] histogram = new long[2000];
        private double abSum;
        private double deltaESum;
        private long pixels;
        private int images;

        void add(BufferedImage near, BufferedImage fresh) {
            images++;
            double[] p = new double[3];
            double[] q = new double[3];
            for (int y = 0; y < near.getHeight(); y++) {
                for (int x = 0; x < near.getWidth(); x++) {
                    lab(near.getRGB(x, y), p);
                    lab(fresh.getRGB(x, y), q);
                    double ab = Math.hypot(p[1] - q[1], p[2] - q[2]);
                    abSum += ab;
                    deltaESum += Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + ab * ab);
                    histogram[(int) Math.min(histogram.length - 1, ab * 10)]++;
                    pixels++;
                }
            }
        }

        String format() {
            long target = (long) Math.ceil(pixels * 0.99);
            long seen = 0;
            int bin = 0;
            while (bin < histogram.length - 1 && (seen += histogram[bin]) < target) {
                bin++;
            }
            return String.format(Locale.ROOT, "%d | %.2f | %.1f | %.2f", images, abSum / pixels, (bin + 1) / 10.0,
                    deltaESum / pixels);
        }

        private static void lab(int rgb, double[] out) {
            double r = linear(((rgb >> 16) & 0xff) / 255.0);
            double g = linear(((rgb >> 8) & 0xff) / 255.0);
            double b = linear((rgb & 0xff) / 255.0);
            double x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
            double yy = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
            double z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
            out[0] = 116 * yy - 16;
            out[1] = 500 * (x - yy);
            out[2] = 200 * (yy - z);
        }

        private static double linear(double v) {
            return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }

        private static double f(double t) {
            return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        }
    }

    private void memory(Deployment d, List<Item> bases) {
        try (RespClient redis = d.redis.client()) {
            long colours = 0;
            long results = 0;
            for (Item b : bases) {
                String sha = Sha256.hex(read(b.file()));
                colours += redis.number("MEMORY", "USAGE", KEYS.nearColors(d.model, sha), "SAMPLES", "0");
                results += redis.number("MEMORY", "USAGE", KEYS.result(d.model, OutputFormat.PNG, sha), "SAMPLES", "0");
            }
            long bandBytes = 0;
            long members = 0;
            String cursor = "0";
            do {
                List<Object> page = redis.list("SCAN", cursor, "MATCH", "cc:near:" + d.model.token() + ":b*", "COUNT",
                        "1000");
                cursor = String.valueOf(page.get(0) instanceof byte[] bytes ? new String(bytes) : page.get(0));
                for (Object key : (List<?>) page.get(1)) {
                    String name = key instanceof byte[] bytes ? new String(bytes) : String.valueOf(key);
                    bandBytes += redis.number("MEMORY", "USAGE", name, "SAMPLES", "0");
                    members += redis.number("ZCARD", name);
                }
            } while (!cursor.equals("0"));
            int size = Integer.parseInt(options.getOrDefault("--size", "256"));
            line("Memory per computed photo (Redis MEMORY USAGE): near colours %.1f KiB at S = %d (2 S^2 + 4 KiB"
                    + " thumbnail + header; at S = 512: %.1f KiB), index %.0f bytes (%d band members of %d photos);"
                    + " the PNG results of the same bases average %.1f KiB.",
                    colours / 1024.0 / bases.size(), size, (2.0 * 512 * 512 + 4096 + 20) / 1024, bandBytes * 4.0 / members,
                    members, members / 4, results / 1024.0 / bases.size());
            line("");
        }
    }

    private void latency(Deployment d, JsonObject set) {
        d.post(set.getString("base"), "", null);
        List<Double> hit = new ArrayList<>();
        List<Double> near = new ArrayList<>();
        List<Double> miss = new ArrayList<>();
        Map<String, Integer> nearCache = new HashMap<>();
        Map<String, Integer> missCache = new HashMap<>();
        JsonArray nearFiles = set.getJsonArray("near");
        JsonArray missFiles = set.getJsonArray("miss");
        for (int i = 0; i < nearFiles.size(); i++) {
            hit.add(timed(d, set.getString("base"), null));
            near.add(timed(d, nearFiles.getString(i), nearCache));
            miss.add(timed(d, missFiles.getString(i % missFiles.size()), missCache));
        }
        line("Latency of one 1 MP photo (1155 x 866 JPEG, answered as JPEG), sequential requests, interleaved;"
                + " near %s, miss %s:", nearCache, missCache);
        line("");
        line("| answer | requests | p50 ms | p99 ms |");
        line("|---|---:|---:|---:|");
        for (Map.Entry<String, List<Double>> row : Map.of("exact hit", hit, "near hit", near, "miss", miss).entrySet()
                .stream().sorted(Map.Entry.comparingByKey()).toList()) {
            List<Double> sorted = row.getValue().stream().sorted().toList();
            line("| %s | %d | %.1f | %.1f |", row.getKey(), sorted.size(), percentile(sorted, 0.5),
                    percentile(sorted, 0.99));
        }
        line("");
        StringBuilder stages = new StringBuilder();
        for (String stage : List.of("decode", "signature", "near", "pre", "model", "post", "encode")) {
            double count = d.workerMetric("colorcache_inference_stage_duration_seconds_count{stage=\"" + stage + "\"}");
            double sum = d.workerMetric("colorcache_inference_stage_duration_seconds_sum{stage=\"" + stage + "\"}");
            stages.append(String.format(Locale.ROOT, "%s %.1f ms, ", stage, count == 0 ? 0 : 1000 * sum / count));
        }
        line("The worker's mean stage times over the whole run (all requests): %s(model: per batch).", stages);
        line("");
        List<Double> nearQueueToDone = new ArrayList<>();
        List<Double> modelQueueToDone = new ArrayList<>();
        try (RespClient redis = d.redis.client()) {
            String cursor = "0";
            do {
                List<Object> page = redis.list("SCAN", cursor, "MATCH", "cc:job:*", "COUNT", "1000");
                cursor = text(page.get(0));
                for (Object key : (List<?>) page.get(1)) {
                    List<Object> f = redis.list("HMGET", text(key), "enqueuedAt", "finishedAt", "near", "computations");
                    if (f.get(0) != null && f.get(1) != null) {
                        double millis = Long.parseLong(text(f.get(1))) - Long.parseLong(text(f.get(0)));
                        if ("1".equals(f.get(2) == null ? null : text(f.get(2)))) {
                            nearQueueToDone.add(millis);
                        } else if (f.get(3) != null && text(f.get(3)).equals("1")) {
                            modelQueueToDone.add(millis);
                        }
                    }
                }
            } while (!cursor.equals("0"));
        }
        Collections.sort(nearQueueToDone);
        Collections.sort(modelQueueToDone);
        line("From enqueue to done in the job records (the worker's part, whole run): near p50 %.0f ms over %d jobs,"
                + " model p50 %.0f ms over %d jobs.", percentile(nearQueueToDone, 0.5), nearQueueToDone.size(),
                percentile(modelQueueToDone, 0.5), modelQueueToDone.size());
        line("");
    }

    /** Misses, near hits and hits of the first 40 bases, so the measured JVMs are warm, as in a full run. */
    private static void warmUp(Deployment d, JsonObject manifest) {
        JsonArray bases = manifest.getJsonArray("bases");
        JsonArray variants = manifest.getJsonArray("variants");
        for (int i = 0; i < Math.min(40, bases.size()); i++) {
            String base = bases.getJsonObject(i).getString("id");
            String file = bases.getJsonObject(i).getString("file");
            d.post(file, "", null);
            for (Object o : variants) {
                JsonObject v = (JsonObject) o;
                if (v.getString("base").equals(base) && v.getString("class").startsWith("jpeg q")) {
                    d.post(v.getString("file"), "", null);
                }
            }
            d.post(file, "", null);
        }
    }

    private static String text(Object reply) {
        return reply instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static double timed(Deployment d, String file, Map<String, Integer> answers) {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = d.post(file, "", null);
        double millis = (System.nanoTime() - start) / 1e6;
        if (answers != null) {
            answers.merge(cache(response), 1, Integer::sum);
        }
        return millis;
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    /** The Zipf workload, run exact-only and with near reuse, each on a fresh deployment. */
    private void zipf(List<Item> bases, List<Item> variants) throws IOException {
        int requests = Integer.parseInt(options.getOrDefault("--zipf-requests", "600"));
        Map<String, List<Item>> variantsOf = new HashMap<>();
        variants.forEach(v -> variantsOf.computeIfAbsent(v.base(), k -> new ArrayList<>()).add(v));
        List<Item> ranked = new ArrayList<>(bases);
        Collections.shuffle(ranked, new Random(7));
        double[] cumulative = new double[ranked.size()];
        double total = 0;
        for (int i = 0; i < ranked.size(); i++) {
            total += 1 / Math.pow(i + 1, 1.1);
            cumulative[i] = total;
        }
        Random random = new Random(30);
        List<String> sequence = new ArrayList<>();
        List<Item> seen = new ArrayList<>();
        int variantRequests = 0;
        for (int i = 0; i < requests; i++) {
            if (!seen.isEmpty() && random.nextDouble() < 0.3) {
                List<Item> choices = variantsOf.get(seen.get(random.nextInt(seen.size())).base());
                sequence.add(choices.get(random.nextInt(choices.size())).file());
                variantRequests++;
            } else {
                double u = random.nextDouble() * total;
                int pick = 0;
                while (cumulative[pick] < u) {
                    pick++;
                }
                Item base = ranked.get(pick);
                if (!seen.contains(base)) {
                    seen.add(base);
                }
                sequence.add(base.file());
            }
        }
        double[] computations = new double[2];
        double nearHits = 0;
        for (int run = 0; run < 2; run++) {
            try (Deployment d = new Deployment(run == 0 ? "zipf-exact" : "zipf-near")) {
                for (String file : sequence) {
                    d.post(file, run == 0 ? "?match=exact" : "");
                }
                computations[run] = d.workerMetric("colorcache_inference_images_total");
                if (run == 1) {
                    nearHits = d.workerMetric("colorcache_inference_near_hits_total");
                }
            }
        }
        line("## Zipf workload: %d requests over %d bases (s = 1.1), %d of them (%.0f%%) variants of earlier photos,"
                + " %d distinct files", requests, bases.size(), variantRequests, 100.0 * variantRequests / requests,
                new HashSet<>(sequence).size());
        line("");
        line("| deployment | model computations | near hits | computations vs exact-only |");
        line("|---|---:|---:|---:|");
        line("| exact only (every request match=exact) | %.0f | 0 | 1.00 |", computations[0]);
        line("| near reuse | %.0f | %.0f | %.2f |", computations[1], nearHits, computations[1] / computations[0]);
        line("");
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
