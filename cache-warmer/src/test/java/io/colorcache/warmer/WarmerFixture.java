package io.colorcache.warmer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.junit.main.LaunchResult;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Redis set-up and read-back shared by the warmer's launch tests. */
final class WarmerFixture {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();

    static final String MODEL = "ddcolor-test@0123abcd";

    private WarmerFixture() {
    }

    static String freqKey(int daysAgo) {
        return KEYS.frequency(LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo));
    }

    static String resultKey(String format, String sha) {
        return KEYS.result(new ModelRef("ddcolor-test", "0123abcd"), OutputFormat.fromToken(format).orElseThrow(), sha);
    }

    static byte[] jpeg(int seed) {
        return GeneratedImages.encode(GeneratedImages.gradient(32, 24, seed), "jpeg");
    }

    static byte[] png(int seed) {
        return GeneratedImages.encode(GeneratedImages.gradient(32, 24, seed), "png");
    }

    /** Stores an upload as the gateway would, with {@code ttl} left; its SHA-256. */
    static String storeInput(RespClient redis, byte[] upload, Duration ttl) {
        String sha = Sha256.hex(upload);
        redis.run("SET", KEYS.input(sha), upload, "PX", Long.toString(ttl.toMillis()));
        return sha;
    }

    static JsonNode summary(LaunchResult result) throws Exception {
        List<String> lines = result.getOutputStream();
        String last = lines.stream().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no JSON summary in:\n" + result.getOutput() + "\n"
                        + result.getErrorOutput()));
        return new ObjectMapper().readTree(last);
    }

    /** The warm stream's entries as field maps, oldest first. */
    @SuppressWarnings("unchecked")
    static List<Map<String, String>> warmJobs(RespClient redis) {
        List<Map<String, String>> jobs = new ArrayList<>();
        for (Object entry : redis.list("XRANGE", KEYS.warmJobsStream(), "-", "+")) {
            List<Object> fields = (List<Object>) ((List<Object>) entry).get(1);
            Map<String, String> job = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                job.put(fields.get(i).toString(), fields.get(i + 1).toString());
            }
            jobs.add(job);
        }
        return jobs;
    }
}
