package io.colorcache.inference;

import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RespClient;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Puts jobs on the stream the way the gateway does (lock, input, entry), and makes images for them. */
public final class TestJobs {

    private TestJobs() {
    }

    public record Job(String id, String resultKey) {
    }

    public static Job enqueue(RespClient redis, KeySchema keys, ModelRef model, byte[] upload, OutputFormat format) {
        String sha = Sha256.hex(upload);
        String id = JobIds.next();
        String resultKey = keys.result(model, format, sha);
        JobMessage message = new JobMessage(id, resultKey, keys.input(sha), sha, format,
                System.currentTimeMillis(), "", Priority.INTERACTIVE);
        redis.call("SET", keys.lock(resultKey), id, "PX", "600000");
        redis.callBytes("SET", keys.input(sha), upload, "EX", "600");
        List<Object> args = new ArrayList<>(List.of("XADD", keys.jobsStream(), "*"));
        for (Map.Entry<String, String> field : message.toFields().entrySet()) {
            args.add(field.getKey());
            args.add(field.getValue());
        }
        redis.call(args.toArray());
        return new Job(id, resultKey);
    }

    /** A gray gradient, distinct per {@code seed}. */
    public static BufferedImage gradient(int width, int height, int seed) {
        return GeneratedImages.gradient(width, height, seed);
    }

    public static byte[] encode(BufferedImage image, String format) {
        return GeneratedImages.encode(image, format);
    }
}
