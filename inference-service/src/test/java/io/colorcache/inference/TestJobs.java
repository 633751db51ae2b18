package io.colorcache.inference;

import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.RespClient;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

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
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                data[y * width + x] = (byte) (40 + (x * 170) / width + (y + seed) % 7);
            }
        }
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
