package io.colorcache.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.ContractGraph;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads over real HTTP on loopback: verified, cached, and never a partial or corrupt model. */
class ModelDownloaderTest {

    @TempDir
    Path cache;

    private final byte[] model = ContractGraph.demo(8);
    private final String sha = Sha256.hex(model);
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/model.onnx", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, model.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(model);
            }
        });
        server.createContext("/corrupt.onnx", exchange -> {
            byte[] corrupt = model.clone();
            corrupt[corrupt.length / 2] ^= 0x40;
            exchange.sendResponseHeaders(200, corrupt.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(corrupt);
            }
        });
        server.createContext("/truncated.onnx", exchange -> {
            exchange.sendResponseHeaders(200, model.length);
            OutputStream out = exchange.getResponseBody();
            out.write(model, 0, model.length / 2);
            out.flush();
            exchange.getHttpContext().getServer().stop(0);
        });
        server.createContext("/endless.onnx", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1 << 16; i++) { // 4 GiB, unless the reader stops
                    out.write(chunk);
                }
            } catch (IOException readerGone) {
                // The downloader cut it off.
            }
        });
        server.createContext("/stalled.onnx", exchange -> {
            exchange.sendResponseHeaders(200, model.length);
            OutputStream out = exchange.getResponseBody();
            out.write(model, 0, 100);
            out.flush();
            // Then nothing: the server hangs on to the connection.
        });
        server.createContext("/missing.onnx", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A downloader with room to spare: 1 GiB, one minute. */
    private static ModelDownloader downloader(Path cacheDir) {
        return new ModelDownloader(cacheDir, 1 << 30, Duration.ofMinutes(1));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void downloadsOnceVerifiesAndReusesTheCachedFile() throws Exception {
        ModelDownloader downloader = downloader(cache);
        Path first = downloader.fetch(url("/model.onnx"), sha);
        assertThat(first).isEqualTo(cache.resolve(sha + ".onnx"));
        assertThat(Files.readAllBytes(first)).isEqualTo(model);

        Path second = downloader.fetch(url("/model.onnx"), sha.toUpperCase());
        assertThat(second).isEqualTo(first);
        assertThat(requests).as("the second fetch came from the cache").hasValue(1);
        try (OnnxColorizer colorizer = OnnxColorizer.open(second, 512)) {
            assertThat(colorizer.size()).isEqualTo(8);
        }
    }

    @Test
    void aCorruptDownloadIsDiscarded() throws Exception {
        assertThatThrownBy(() -> downloader(cache).fetch(url("/corrupt.onnx"), sha))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("expected " + sha).hasMessageContaining("discarded");
        assertThat(filesIn(cache)).as("no model and no partial file left").isZero();
    }

    @Test
    void aTruncatedDownloadNeverBecomesTheModel() throws Exception {
        assertThatThrownBy(() -> downloader(cache).fetch(url("/truncated.onnx"), sha))
                .isInstanceOf(ModelFileException.class);
        assertThat(filesIn(cache)).isZero();
    }

    @Test
    void aCachedFileThatNoLongerMatchesIsDownloadedAgain() throws Exception {
        Files.write(cache.resolve(sha + ".onnx"), "tampered".getBytes());
        Path fetched = downloader(cache).fetch(url("/model.onnx"), sha);
        assertThat(Files.readAllBytes(fetched)).isEqualTo(model);
        assertThat(requests).hasValue(1);
    }

    @Test
    void httpErrorsAndBadDigestsAreClearErrors() {
        assertThatThrownBy(() -> downloader(cache).fetch(url("/missing.onnx"), sha))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("HTTP 404");
        assertThatThrownBy(() -> downloader(cache).fetch(url("/model.onnx"), "abc"))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("64-hex-digit");
    }

    @Test
    void fileUrlsWorkToo() throws Exception {
        Path source = cache.resolve("source.bin");
        Files.write(source, model);
        Path fetched = downloader(cache.resolve("models")).fetch(source.toUri(), sha);
        assertThat(Files.readAllBytes(fetched)).isEqualTo(model);
    }

    private static long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void anEndlessModelIsCutOffAtItsSizeLimit() {
        ModelDownloader downloader = new ModelDownloader(cache, 1 << 20, Duration.ofMinutes(1));
        assertThatThrownBy(() -> downloader.fetch(url("/endless.onnx"), sha))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("max-bytes");
        assertThat(cache.resolve(sha + ".onnx")).doesNotExist();
    }

    @Test
    void aStalledDownloadIsCutOffAtItsDeadline() {
        ModelDownloader downloader = new ModelDownloader(cache, 1 << 30, Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> downloader.fetch(url("/stalled.onnx"), sha))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("download.timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(cache.resolve(sha + ".onnx")).doesNotExist();
    }
}
