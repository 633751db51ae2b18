package io.colorcache.warmer.service;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.warmer.config.WarmerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * The images of a first-day preload: the JPEG and PNG files of a folder (and its sub-folders, in
 * name order), or the lines of a manifest (a path, relative to the manifest's folder, or an
 * http(s) URL per line; blank lines and lines starting with {@code #} are skipped). Images are
 * read one at a time, when their turn comes, each up to {@code colorcache.inputs.max-bytes}.
 */
@ApplicationScoped
public class PreloadSources {

    /** One image to preload: where it comes from, read on demand. */
    public record Source(String name, Path file, URI url) {
    }

    /** An image that cannot be read; the run counts it as failed and goes on. */
    public static final class UnreadableImageException extends Exception {
        UnreadableImageException(String message) {
            super(message);
        }
    }

    private final long maxBytes;
    private final Duration downloadTimeout;
    private final HttpClient http;

    public PreloadSources(WarmerConfig config, InputsConfig inputs) {
        this.maxBytes = inputs.maxBytes();
        this.downloadTimeout = config.downloadTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(downloadTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** @throws IllegalArgumentException when the folder cannot be listed */
    public List<Source> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--from-dir: not a readable folder: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(PreloadSources::looksLikeImage).sorted()
                    .map(f -> new Source(dir.relativize(f).toString(), f, null)).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("--from-dir: cannot list " + dir + ": " + e.getMessage());
        }
    }

    /** @throws IllegalArgumentException when the manifest cannot be read or names an unsupported URL */
    public List<Source> fromManifest(Path manifest) {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new IllegalArgumentException("--from-manifest: cannot read " + manifest + ": " + e.getMessage());
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                try {
                    sources.add(new Source(line, null, URI.create(line)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--from-manifest: line " + (i + 1) + " is not a URL: " + line);
                }
            } else if (lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
                throw new IllegalArgumentException("--from-manifest: line " + (i + 1)
                        + ": only paths and http(s) URLs are supported: " + line);
            } else {
                sources.add(new Source(line, base.resolve(line), null));
            }
        }
        return sources;
    }

    /** The image's bytes. */
    public byte[] read(Source source) throws UnreadableImageException, InterruptedException {
        return source.file() != null ? readFile(source.file()) : download(source.url());
    }

    private byte[] readFile(Path file) throws UnreadableImageException {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new UnreadableImageException(file + ": " + size + " bytes, above colorcache.inputs.max-bytes " + maxBytes);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableImageException(file + ": " + e.getMessage());
        }
    }

    private byte[] download(URI url) throws UnreadableImageException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(downloadTimeout).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new UnreadableImageException(url + ": HTTP " + response.statusCode());
                }
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new UnreadableImageException(url + ": above colorcache.inputs.max-bytes " + maxBytes);
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new UnreadableImageException(url + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") || name.endsWith(".tif")
                || name.endsWith(".tiff") || name.endsWith(".webp");
    }
}
