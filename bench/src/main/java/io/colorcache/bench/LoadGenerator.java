package io.colorcache.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load generator: {@code connections} keep-alive connections, each sending
 * its next request when the previous answer has been read in full, until {@code requests} answers
 * have come back. One event loop, so it takes one core at most. Latency is per request, from
 * sending to the last byte of the answer.
 */
final class LoadGenerator implements AutoCloseable {

    /** What a run measured. */
    record Result(int requests, long errors, double seconds, long[] latencyNanos) {
        double rps() {
            return requests / seconds;
        }

        double percentileMicros(double p) {
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
            return sorted[index] / 1000.0;
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));

    Result run(HttpMethod method, String url, Buffer body, String contentType, int connections, int requests)
            throws Exception {
        return run(method, url, body, contentType, Map.of(), connections, requests);
    }

    Result run(HttpMethod method, String url, Buffer body, String contentType, Map<String, String> headers,
            int connections, int requests) throws Exception {
        URI uri = URI.create(url);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()).setMaxWaitQueueSize(-1),
                new PoolOptions().setHttp1MaxSize(connections));
        RequestOptions options = new RequestOptions().setMethod(method).setURI(uri.getRawPath());
        if (contentType != null) {
            options.putHeader("Content-Type", contentType);
        }
        headers.forEach(options::putHeader);
        long[] latency = new long[requests];
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            int slot = issued.getAndIncrement();
            if (slot >= requests) {
                return;
            }
            long sent = System.nanoTime();
            client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(body))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(outcome -> {
                        latency[slot] = System.nanoTime() - sent;
                        if (outcome.failed() || outcome.result() != 200) {
                            errors.incrementAndGet();
                        }
                        if (answered.incrementAndGet() == requests) {
                            finished.complete(null);
                        } else {
                            next[0].run();
                        }
                    });
        };
        vertx.runOnContext(ignored -> {
            for (int c = 0; c < connections; c++) {
                next[0].run();
            }
        });
        finished.get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Result(requests, errors.get(), seconds, latency);
    }

    @Override
    public void close() throws Exception {
        Future<Void> closing = vertx.close();
        closing.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
