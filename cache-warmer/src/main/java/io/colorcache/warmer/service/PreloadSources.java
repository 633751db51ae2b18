package io.colorcache.warmer.service;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.common.io.ReadDeadline;
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
 * The images of a first-day preload: the image files of a folder (and its sub-folders, in name
 * order), or the lines of a manifest (a path inside the manifest's folder, or an http(s) URL of a
 * host in {@code colorcache.warmer.manifest-hosts}, per line; blank lines and lines starting with
 * {@code #} are skipped). Images are read one at a time, when their turn comes, each up to
 * {@code colorcache.inputs.max-bytes}; a download follows no redirect and ends by
 * {@code download-timeout}, a stalled body included.
 */
@ApplicationScoped
public class PreloadSources {

    /**
     * One image to preload: where it comes from, read on demand; a file must stay inside
     * {@code folder} (its manifest's, or the preloaded one) even after its links are followed.
     */
    public record Source(String name, Path file, URI url, Path folder) {
    }

    /** An image that cannot be read; the run counts it as failed and goes on. */
    public static final class UnreadableImageException extends Exception {
        UnreadableImageException(String message) {
            super(message);
        }
    }

    private final long maxBytes;
    private final Duration downloadTimeout;
    private final List<String> allowedHosts;
    private final HttpClient http;

    public PreloadSources(WarmerConfig config, InputsConfig inputs) {
        this.maxBytes = inputs.maxBytes();
        this.downloadTimeout = config.downloadTimeout();
        this.allowedHosts = config.manifestHosts().orElse(List.of()).stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        this.http = HttpClient.newBuilder().connectTimeout(downloadTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @throws IllegalArgumentException when the folder cannot be listed */
    public List<Source> fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--from-dir: not a readable folder: " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(PreloadSources::looksLikeImage).sorted()
                    .map(f -> new Source(dir.relativize(f).toString(), f, null, dir)).toList();
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
        Path base = manifest.toAbsolutePath().normalize().getParent();
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = "--from-manifest: line " + (i + 1) + ": ";
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                URI url;
                try {
                    url = URI.create(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + "not a URL: " + line);
                }
                if (url.getHost() == null || !hostAllowed(url.getHost())) {
                    throw new IllegalArgumentException(where + "the host of " + line
                            + " is not in colorcache.warmer.manifest-hosts " + allowedHosts);
                }
                sources.add(new Source(line, null, url, null));
            } else if (lower.matches("^[a-z][a-z0-9+.-]*:/.*")) {
                throw new IllegalArgumentException(where + "only paths and http(s) URLs are supported: " + line);
            } else {
                Path file = base.resolve(line).normalize();
                if (Path.of(line).isAbsolute() || !file.startsWith(base)) {
                    throw new IllegalArgumentException(where + "a path must lie inside the manifest's folder " + base
                            + ": " + line);
                }
                sources.add(new Source(line, file, null, base));
            }
        }
        return sources;
    }

    private boolean hostAllowed(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? name.endsWith(allowed.substring(1)) : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** The image's bytes. */
    public byte[] read(Source source) throws UnreadableImageException, InterruptedException {
        return source.file() != null ? readFile(source.file(), source.folder()) : download(source.url());
    }

    /** A file, inside {@code folder} also after its links are followed. */
    private byte[] readFile(Path file, Path folder) throws UnreadableImageException {
        try {
            if (!file.toRealPath().startsWith(folder.toRealPath())) {
                throw new UnreadableImageException(file + ": leads out of " + folder + " through a link");
            }
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
        long deadline = System.nanoTime() + downloadTimeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(downloadTimeout).GET().build();
        ReadDeadline reading = null;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() / 100 == 3) {
                    throw new UnreadableImageException(url + ": HTTP " + response.statusCode()
                            + " (redirects are not followed)");
                }
                if (response.statusCode() != 200) {
                    throw new UnreadableImageException(url + ": HTTP " + response.statusCode());
                }
                reading = ReadDeadline.closing(body, Duration.ofNanos(deadline - System.nanoTime()));
                byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new UnreadableImageException(url + ": above colorcache.inputs.max-bytes " + maxBytes);
                }
                if (reading.expired()) {
                    throw new IOException("closed at the deadline");
                }
                return bytes;
            }
        } catch (IOException e) {
            if (reading != null && reading.expired()) {
                throw new UnreadableImageException(url + ": not downloaded within colorcache.warmer.download-timeout "
                        + downloadTimeout);
            }
            throw new UnreadableImageException(url + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } finally {
            if (reading != null) {
                reading.close();
            }
        }
    }

    private static boolean looksLikeImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") || name.endsWith(".tif")
                || name.endsWith(".tiff") || name.endsWith(".webp");
    }
}
