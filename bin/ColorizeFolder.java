import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The client half of bin/run-local, as a single-file Java program (no curl needed):
 *   java bin/ColorizeFolder.java wait URL...            wait until each URL answers 200
 *   java bin/ColorizeFolder.java colorize GATEWAY FOLDER OUT_DIR
 * "colorize" sends every JPEG/PNG of FOLDER twice to POST /v1/colorize (with the API key of
 * COLORCACHE_API_KEY, when set), writes the results to
 * OUT_DIR, and prints a report (also written to OUT_DIR/report.md).
 */
public class ColorizeFolder {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("wait")) {
            for (int i = 1; i < args.length; i++) {
                waitFor(args[i], Duration.ofMinutes(5));
            }
        } else if (args.length == 4 && args[0].equals("colorize")) {
            System.exit(colorize(args[1], Path.of(args[2]), Path.of(args[3])));
        } else {
            System.err.println("usage: ColorizeFolder wait URL... | colorize GATEWAY_URL FOLDER OUT_DIR");
            System.exit(2);
        }
    }

    private static void waitFor(String url, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        System.err.println("not ready within " + timeout + ": " + url);
        System.exit(1);
    }

    private static int colorize(String gateway, Path folder, Path out) throws Exception {
        List<Path> photos;
        try (Stream<Path> files = Files.list(folder)) {
            photos = files.filter(ColorizeFolder::isPhoto).sorted().toList();
        }
        if (photos.isEmpty()) {
            System.err.println("no .jpg, .jpeg or .png files in " + folder);
            return 1;
        }
        Files.createDirectories(out);
        List<String> rows = new ArrayList<>();
        rows.add("| photo | bytes | size | first request | repeat | X-Cache | result |");
        rows.add("|---|---:|---|---:|---:|---|---|");
        int failures = 0;
        for (Path photo : photos) {
            byte[] upload = Files.readAllBytes(photo);
            String type = photo.toString().toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
            Call first = post(gateway, upload, type);
            Call repeat = post(gateway, upload, type);
            String name = photo.getFileName().toString();
            String result;
            String size = dimensions(upload);
            if (first.status == 200) {
                String extension = first.contentType.contains("png") ? ".png" : ".jpg";
                Path target = out.resolve(name.replaceFirst("\\.[^.]+$", "") + ".colorized" + extension);
                Files.write(target, first.body);
                result = target.getFileName().toString();
                String resultSize = dimensions(first.body);
                if (!resultSize.equals(size)) {
                    result += " (size " + resultSize + "!)";
                    failures++;
                }
            } else {
                result = "HTTP " + first.status + ": " + new String(first.body);
                failures++;
            }
            rows.add(String.format("| %s | %d | %s | %.1f ms | %.1f ms | %s, %s | %s |", name, upload.length, size,
                    first.millis, repeat.millis, first.cache, repeat.cache, result));
        }
        String report = String.join("\n", rows) + "\n";
        Files.writeString(out.resolve("report.md"), report);
        System.out.print(report);
        return failures == 0 ? 0 : 1;
    }

    private record Call(int status, byte[] body, String contentType, String cache, double millis) {
    }

    private static Call post(String gateway, byte[] upload, String type) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + "/v1/colorize"))
                .header("Content-Type", type)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(upload));
        String key = System.getenv("COLORCACHE_API_KEY");
        if (key != null && !key.isBlank()) {
            builder.header("Authorization", "Bearer " + key);
        }
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double millis = (System.nanoTime() - start) / 1e6;
        return new Call(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("X-Cache").orElse("-"), millis);
    }

    private static String dimensions(byte[] image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
            return decoded == null ? "?" : decoded.getWidth() + "x" + decoded.getHeight();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isPhoto(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(path) && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
    }
}
