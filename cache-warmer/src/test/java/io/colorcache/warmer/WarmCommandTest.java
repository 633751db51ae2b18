package io.colorcache.warmer;

import static io.colorcache.warmer.WarmerFixture.freqKey;
import static io.colorcache.warmer.WarmerFixture.jpeg;
import static io.colorcache.warmer.WarmerFixture.png;
import static io.colorcache.warmer.WarmerFixture.resultKey;
import static io.colorcache.warmer.WarmerFixture.storeInput;
import static io.colorcache.warmer.WarmerFixture.summary;
import static io.colorcache.warmer.WarmerFixture.warmJobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.colorcache.protocol.ApiKeys;
import io.colorcache.protocol.JobState;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each launch is a whole run of the command-mode app against a real Redis (no worker here). */
@QuarkusMainTest
class WarmCommandTest extends RedisBackedLaunchTest {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    @BeforeEach
    void emptyRedis() {
        try (RespClient redis = redisServer.client()) {
            redis.run("FLUSHALL");
        }
    }

    /** Three photos: B the hottest by decayed score and warm; A cold (its result expires within min-ttl); C without input. */
    private record HotPhotos(String a, String b, String c) {
    }

    private HotPhotos hotPhotos(RespClient redis) {
        String a = storeInput(redis, jpeg(1), Duration.ofMinutes(10));
        String b = storeInput(redis, jpeg(2), Duration.ofDays(7));
        String c = Sha256.hex(jpeg(3));
        String d = Sha256.hex(jpeg(4));
        // Half-life 2 days: A 4 today = 4; B 10 two days ago = 5; C 30 six days ago = 3.75; D outside the window.
        redis.run("ZADD", freqKey(0), "4", a);
        redis.run("ZADD", freqKey(2), "10", b);
        redis.run("ZADD", freqKey(6), "30", c);
        redis.run("ZADD", freqKey(7), "1000", d);
        redis.run("SET", resultKey("jpeg", a), "old", "PX", Long.toString(Duration.ofHours(1).toMillis()));
        redis.run("SET", resultKey("jpeg", b), "fresh", "PX", Long.toString(Duration.ofDays(7).toMillis()));
        return new HotPhotos(a, b, c);
    }

    @Test
    void aDryRunRanksByDecayedRequestsAndPlansOnlyColdPhotosWithAnInput(QuarkusMainLauncher launcher) throws Exception {
        HotPhotos photos;
        try (RespClient redis = redisServer.client()) {
            photos = hotPhotos(redis);
        }

        LaunchResult result = launcher.launch("--dry-run", "--top", "3");

        assertThat(result.exitCode()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("model").asText()).isEqualTo(WarmerFixture.MODEL);
        assertThat(summary.get("dryRun").asBoolean()).isTrue();
        assertThat(summary.get("candidates").asInt()).isEqualTo(3);
        assertThat(summary.get("alreadyWarm").asInt()).isEqualTo(1);
        assertThat(summary.get("wouldEnqueue").asInt()).isEqualTo(1);
        assertThat(summary.get("skippedNoInput").asInt()).isEqualTo(1);
        JsonNode plan = summary.get("plan");
        assertThat(List.of(plan.get(0).get("sha256").asText(), plan.get(1).get("sha256").asText(),
                plan.get(2).get("sha256").asText())).containsExactly(photos.b(), photos.a(), photos.c());
        assertThat(plan.get(0).get("score").asDouble()).isEqualTo(5.0);
        assertThat(List.of(plan.get(0).get("action").asText(), plan.get(1).get("action").asText(),
                plan.get(2).get("action").asText())).containsExactly("warm", "enqueue", "no-input");
        try (RespClient redis = redisServer.client()) {
            assertThat(redis.number("EXISTS", KEYS.warmJobsStream())).as("a dry run enqueues nothing").isZero();
            assertThat(redis.number("EXISTS", KEYS.warmerModel())).isZero();
        }
    }

    @Test
    void aFrequencyRunEnqueuesTheColdPhotosOnTheWarmStream(QuarkusMainLauncher launcher) throws Exception {
        HotPhotos photos;
        try (RespClient redis = redisServer.client()) {
            photos = hotPhotos(redis);
        }

        LaunchResult result = launcher.launch("--top", "3");

        assertThat(result.exitCode()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("enqueued").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.has("plan")).isFalse();
        try (RespClient redis = redisServer.client()) {
            List<Map<String, String>> jobs = warmJobs(redis);
            assertThat(jobs).hasSize(1);
            Map<String, String> job = jobs.get(0);
            assertThat(job).containsEntry("sha256", photos.a()).containsEntry("priority", "warm")
                    .containsEntry("format", "jpeg").containsEntry("result", resultKey("jpeg", photos.a()))
                    .containsEntry("input", KEYS.input(photos.a()));
            assertThat(redis.job(KEYS.job(job.get("job"))).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            assertThat(redis.job(KEYS.job(job.get("job"))).orElseThrow().stream()).isEqualTo(KEYS.warmJobsStream());
            assertThat(redis.number("PTTL", KEYS.input(photos.a()))).as("kept for the queued job")
                    .isGreaterThan(Duration.ofMinutes(50).toMillis());
            assertThat(redis.number("EXISTS", KEYS.jobsStream())).as("nothing on the interactive stream").isZero();
            assertThat(redis.string("GET", KEYS.warmerModel())).isEqualTo(WarmerFixture.MODEL);
        }
    }

    @Test
    void afterAModelUpgradeTheHotSetGoesFirstEvenInAPreloadRun(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        String hot;
        try (RespClient redis = redisServer.client()) {
            hot = storeInput(redis, png(11), Duration.ofDays(5));
            redis.run("ZADD", freqKey(1), "40", hot);
            redis.run("SET", KEYS.result(new ModelRef("ddcolor-test", "00000000"), OutputFormat.PNG, hot), "computed by the old model");
            redis.run("SET", KEYS.warmerModel(), "ddcolor-test@00000000");
        }
        Files.write(dir.resolve("campaign.jpg"), jpeg(12));

        LaunchResult result = launcher.launch("--from-dir", dir.toString());

        assertThat(result.exitCode()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("mode").asText()).isEqualTo("dir");
        assertThat(summary.get("modelUpgradedFrom").asText()).isEqualTo("ddcolor-test@00000000");
        assertThat(summary.get("enqueued").asInt()).isEqualTo(2);
        try (RespClient redis = redisServer.client()) {
            List<Map<String, String>> jobs = warmJobs(redis);
            assertThat(jobs).extracting(j -> j.get("sha256")).containsExactly(hot, Sha256.hex(jpeg(12)));
            assertThat(jobs.get(0)).containsEntry("result", resultKey("png", hot));
            assertThat(redis.string("GET", KEYS.warmerModel())).isEqualTo(WarmerFixture.MODEL);
        }
    }

    @Test
    void aFolderPreloadStoresItsImagesForTheRetentionPeriodAndEnqueuesThem(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/a.jpg"), jpeg(21));
        Files.write(dir.resolve("b.PNG"), png(22));
        Files.write(dir.resolve("copy-of-a.jpeg"), jpeg(21));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        Files.writeString(dir.resolve("broken.jpg"), "not really a jpeg");
        String warm = Sha256.hex(png(23));
        Files.write(dir.resolve("warm.png"), png(23));
        try (RespClient redis = redisServer.client()) {
            redis.run("SET", resultKey("png", warm), "fresh", "PX", Long.toString(Duration.ofDays(3).toMillis()));
        }

        LaunchResult result = launcher.launch("--from-dir", dir.toString());

        assertThat(result.exitCode()).isZero();
        JsonNode summary = summary(result);
        assertThat(summary.get("candidates").asInt()).as("a, b, broken, warm; the copy counts once").isEqualTo(4);
        assertThat(summary.get("enqueued").asInt()).isEqualTo(2);
        assertThat(summary.get("alreadyWarm").asInt()).isEqualTo(1);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("errors").get(0).asText()).contains("broken.jpg").contains("not a JPEG, PNG, TIFF or WebP");
        try (RespClient redis = redisServer.client()) {
            assertThat(warmJobs(redis)).extracting(j -> j.get("format")).containsExactly("png", "jpeg");
            for (byte[] image : List.of(jpeg(21), png(22))) {
                String key = KEYS.input(Sha256.hex(image));
                assertThat(redis.bytes("GET", key)).isEqualTo(image);
                assertThat(redis.number("PTTL", key)).isGreaterThan(Duration.ofDays(6).toMillis());
            }
        }
    }

    @Test
    void aManifestListsPathsAndUrls(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images/local.jpg"), jpeg(31));
        byte[] remote = png(32);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/photo.png", exchange -> {
            exchange.sendResponseHeaders(200, remote.length);
            exchange.getResponseBody().write(remote);
            exchange.close();
        });
        server.createContext("/missing.png", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path manifest = dir.resolve("manifest.txt");
        Files.writeString(manifest, String.join("\n", "# campaign photos", "", "images/local.jpg",
                base + "/photo.png", base + "/missing.png"), StandardCharsets.UTF_8);
        try {
            LaunchResult result = launcher.launch("--from-manifest", manifest.toString());

            assertThat(result.exitCode()).isZero();
            JsonNode summary = summary(result);
            assertThat(summary.get("mode").asText()).isEqualTo("manifest");
            assertThat(summary.get("candidates").asInt()).isEqualTo(3);
            assertThat(summary.get("enqueued").asInt()).isEqualTo(2);
            assertThat(summary.get("failed").asInt()).isEqualTo(1);
            assertThat(summary.get("errors").get(0).asText()).contains("missing.png").contains("HTTP 404");
            try (RespClient redis = redisServer.client()) {
                assertThat(warmJobs(redis)).extracting(j -> j.get("sha256"))
                        .containsExactly(Sha256.hex(jpeg(31)), Sha256.hex(remote));
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aManifestCannotReachOutOfItsFolderNorToHostsNotAllowed(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        Path folder = Files.createDirectories(dir.resolve("campaign"));
        Files.write(dir.resolve("secret.jpg"), jpeg(51));
        Path manifest = folder.resolve("manifest.txt");
        List<String> escapes = List.of("../secret.jpg", "images/../../secret.jpg", dir.resolve("secret.jpg").toString(),
                "http://169.254.169.254/latest/meta-data/", "http://internal.example:8080/a.jpg", "file:///etc/passwd");
        for (String line : escapes) {
            Files.writeString(manifest, line + "\n");
            LaunchResult result = launcher.launch("--from-manifest", manifest.toString());
            assertThat(result.exitCode()).as(line).isEqualTo(2);
            assertThat(result.getErrorOutput()).as(line).containsAnyOf("inside the manifest's folder",
                    "colorcache.warmer.manifest-hosts", "only paths and http(s) URLs");
        }
        // A link inside the folder that leads out of it is followed no further.
        Files.createSymbolicLink(folder.resolve("link.jpg"), dir.resolve("secret.jpg"));
        Files.writeString(manifest, "link.jpg\n");
        LaunchResult linked = launcher.launch("--from-manifest", manifest.toString());
        assertThat(summary(linked).get("failed").asInt()).isEqualTo(1);
        assertThat(summary(linked).get("errors").get(0).asText()).contains("through a link");
        try (RespClient redis = redisServer.client()) {
            assertThat(warmJobs(redis)).extracting(j -> j.get("sha256")).doesNotContain(Sha256.hex(jpeg(51)));
        }
    }

    @Test
    void aManifestDownloadFollowsNoRedirectAndEndsAtItsDeadline(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/moved.png", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/stalled.png", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            // Then nothing, with the connection held open.
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Path manifest = dir.resolve("manifest.txt");
        Files.writeString(manifest, base + "/moved.png\n" + base + "/stalled.png\n");
        try {
            long start = System.nanoTime();
            LaunchResult result = launcher.launch("--from-manifest", manifest.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            JsonNode summary = summary(result);
            assertThat(summary.get("failed").asInt()).isEqualTo(2);
            assertThat(summary.get("errors").toString()).contains("redirects are not followed")
                    .contains("download-timeout");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRunWhoseJobsMostlyFailExitsWith3(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("manifest.txt");
        Files.write(dir.resolve("there.jpg"), jpeg(41));
        Files.writeString(manifest, "gone-1.jpg\ngone-2.jpg\nthere.jpg\n");

        LaunchResult result = launcher.launch("--from-manifest", manifest.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        JsonNode summary = summary(result);
        assertThat(summary.get("failed").asInt()).isEqualTo(2);
        assertThat(summary.get("enqueued").asInt()).isEqualTo(1);
    }

    @Test
    void redisUnreachableExitsWith1(QuarkusMainLauncher launcher) {
        redisServer.kill();
        try {
            LaunchResult result = launcher.launch("--dry-run");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.getOutput()).contains("redis-unreachable");
        } finally {
            redisServer.restart();
        }
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Usage: cache-warmer", "--from-dir=DIR", "--from-manifest=FILE",
                "--top=K", "--dry-run", "--wait", "Exit codes: 0 done; 1 Redis unreachable; 2 bad command line");
    }

    @Test
    void aBadCommandLineExitsWith2(QuarkusMainLauncher launcher, @TempDir Path dir) {
        LaunchResult result = launcher.launch("--top", "zero");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--top needs a positive number");

        result = launcher.launch("--from-dir", dir.resolve("nowhere").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("not a readable folder");

        result = launcher.launch("--from-dir", dir.toString(), "--from-manifest", "m.txt");
        assertThat(result.exitCode()).isEqualTo(2);

        result = launcher.launch("--frm-dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Unknown option", "--frm-dir", "Usage: cache-warmer");
    }

    @Test
    void anApiKeyIsPrintedOnceAndOnlyItsHashIsWritten(QuarkusMainLauncher launcher, @TempDir Path dir)
            throws Exception {
        Path keys = dir.resolve("api-keys");
        LaunchResult first = launcher.launch("--create-api-key", "alice", "--api-keys-file", keys.toString());
        LaunchResult second = launcher.launch("--create-api-key", "bob", "--api-keys-file", keys.toString(),
                "--limits", "rps=20,gpu-per-day=500");

        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        String aliceKey = summary(first).get("key").asText();
        String bobKey = summary(second).get("key").asText();
        assertThat(aliceKey).startsWith("cc_").hasSize(46).isNotEqualTo(bobKey);
        assertThat(Files.readAllLines(keys)).containsExactly("alice:" + ApiKeys.hash(aliceKey),
                "bob:" + ApiKeys.hash(bobKey) + ":rps=20,gpu-per-day=500");
        assertThat(Files.readString(keys)).doesNotContain(aliceKey).doesNotContain(bobKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");

        LaunchResult bad = launcher.launch("--create-api-key", "not a tenant", "--api-keys-file", keys.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.getErrorOutput()).contains("a tenant id is 1 to 64 letters");
        assertThat(launcher.launch("--create-api-key", "carol").exitCode()).isEqualTo(2);
    }
}
