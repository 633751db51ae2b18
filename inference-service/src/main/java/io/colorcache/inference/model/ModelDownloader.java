package io.colorcache.inference.model;

import io.colorcache.common.io.ReadDeadline;
import io.colorcache.protocol.Sha256;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches a model from a URL once into a cache folder, named by its SHA-256. The bytes go to a
 * temporary file in the same folder while they are hashed; only a complete download with the
 * expected digest is moved (atomically) to its final name, so a partial or corrupt download
 * never becomes the model. A cached file is re-verified before it is reused. A download longer
 * than {@code maxBytes}, or slower than {@code timeout} from request to last byte (a stalled body
 * included: a watchdog closes it), is cut off and discarded.
 */
public final class ModelDownloader {

    private final Path cacheDir;
    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;

    public ModelDownloader(Path cacheDir, long maxBytes, Duration timeout) {
        this.cacheDir = cacheDir;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The local file of the model at {@code url} whose SHA-256 is {@code sha256}. */
    public Path fetch(URI url, String sha256) {
        String expected = sha256.toLowerCase(Locale.ROOT);
        if (!Sha256.isHex(expected)) {
            throw new ModelFileException("colorcache.model.sha256 must be the full 64-hex-digit SHA-256 of the model");
        }
        Path target = cacheDir.resolve(expected + ".onnx");
        try {
            Files.createDirectories(cacheDir);
            if (Files.isRegularFile(target)) {
                if (ModelFiles.sha256(target).equals(expected)) {
                    Log.infof("Model %s found in cache %s", url, target);
                    return target;
                }
                Log.warnf("Cached model %s does not match its SHA-256; downloading it again", target);
                Files.delete(target);
            }
            Path partial = Files.createTempFile(cacheDir, expected, ".part");
            try {
                String actual = download(url, partial);
                if (!actual.equals(expected)) {
                    throw new ModelFileException("model downloaded from " + url + " has SHA-256 " + actual
                            + ", expected " + expected + "; it was discarded");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                Log.infof("Model %s downloaded and verified into %s", url, target);
                return target;
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ModelFileException("cannot download the model from " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFileException("model download from " + url + " interrupted", e);
        }
    }

    /** Copies the body to {@code file}, within the size and time limits, and returns its SHA-256. */
    private String download(URI url, Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (InputStream in = open(url, deadline); OutputStream out = Files.newOutputStream(file);
                ReadDeadline reading = ReadDeadline.closing(in, Duration.ofNanos(deadline - System.nanoTime()))) {
            try {
                MessageDigest digest = Sha256.newDigest();
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new ModelFileException("the model at " + url + " is longer than "
                                + "colorcache.model.download.max-bytes (" + maxBytes + "); download discarded");
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
                if (reading.expired()) {
                    throw new IOException("stream closed at the deadline");
                }
                return Sha256.hex(digest);
            } catch (IOException e) {
                if (reading.expired()) {
                    throw new ModelFileException("the model download from " + url + " took longer than "
                            + "colorcache.model.download.timeout (" + timeout + "); download discarded");
                }
                throw e;
            }
        }
    }

    private InputStream open(URI url, long deadline) throws IOException, InterruptedException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                return Files.newInputStream(Path.of(url));
            }
            case "http", "https" -> {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).GET().timeout(left).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    throw new IOException("HTTP " + response.statusCode());
                }
                long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > maxBytes) {
                    response.body().close();
                    throw new ModelFileException("the model at " + url + " declares " + declared + " bytes, more than "
                            + "colorcache.model.download.max-bytes (" + maxBytes + ")");
                }
                return response.body();
            }
            default -> throw new ModelFileException("unsupported model URL scheme: " + url);
        }
    }
}
