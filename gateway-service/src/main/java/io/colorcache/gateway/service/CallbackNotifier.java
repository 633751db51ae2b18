package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells a client's callback URL when its job ends: POSTs the job as JSON, signed with HMAC-SHA256
 * ({@code X-Colorcache-Signature: sha256=<hex>}), retried with exponential backoff a bounded
 * number of times. The gateway that accepted the submission watches the job; callbacks do not
 * survive a restart of that gateway (the job and its result do).
 */
@ApplicationScoped
public class CallbackNotifier {

    public static final String SIGNATURE_HEADER = "X-Colorcache-Signature";

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final double JITTER = 0.2;

    private final CompletionAwaiter awaiter;
    private final JobViews jobs;
    private final GatewayConfig.Callback config;
    private final HttpClient http;

    public CallbackNotifier(CompletionAwaiter awaiter, JobViews jobs, GatewayConfig gateway, Vertx vertx) {
        this.awaiter = awaiter;
        this.jobs = jobs;
        this.config = gateway.callback();
        this.http = vertx.createHttpClient();
    }

    /**
     * A callback URL fit to be called: absolute http or https with a host; empty when it is not.
     * Refused as well when no signing secret is configured.
     */
    public Optional<String> problemWith(String url) {
        if (config.secret().isEmpty()) {
            return Optional.of("callbacks are not enabled on this gateway (no colorcache.gateway.callback.secret)");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of("callbackUrl must be an absolute http or https URL with a host: " + url);
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("callbackUrl is not a URL: " + url);
        }
    }

    /** Watches the job and calls back when it ends; returns at once. */
    public void notifyWhenDone(String jobId, String resultKey, String url) {
        awaiter.completion(resultKey, jobId)
                .ifNoItem().after(config.watchFor()).fail()
                .chain(completion -> jobs.view(jobId))
                .subscribe().with(
                        view -> view.ifPresent(v -> deliver(url, Json.encode(v), jobId)),
                        failure -> Log.warnf("Callback for job %s not sent: %s", jobId, failure.toString()));
    }

    /**
     * Posts the callback, retried with exponential backoff and jitter until a 2xx answer or
     * {@code max-attempts} attempts.
     */
    private void deliver(String url, String body, String jobId) {
        AtomicInteger attempts = new AtomicInteger();
        Uni<Integer> attempt = Uni.createFrom().deferred(() -> post(url, body))
                .invoke(status -> {
                    if (status / 100 != 2) {
                        throw new CallbackRefused(status);
                    }
                })
                .onFailure().invoke(failure -> Log.infof("Callback for job %s to %s failed (attempt %d): %s",
                        jobId, url, attempts.incrementAndGet(), failure.getMessage()));
        Uni<Integer> delivery = config.maxAttempts() <= 1 ? attempt : attempt
                .onFailure().retry().withBackOff(config.initialBackoff(), MAX_BACKOFF).withJitter(JITTER)
                .atMost(config.maxAttempts() - 1L);
        delivery.subscribe().with(
                        status -> Log.debugf("Callback for job %s delivered to %s", jobId, url),
                        failure -> Log.warnf("Callback for job %s to %s given up after %d attempts: %s",
                                jobId, url, attempts.get(), failure.getMessage()));
    }

    /** A callback answered with a status other than 2xx. */
    private static final class CallbackRefused extends RuntimeException {
        CallbackRefused(int status) {
            super("HTTP " + status, null, false, false);
        }
    }

    private Uni<Integer> post(String url, String body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(SIGNATURE_HEADER, "sha256=" + sign(body));
        return http.request(options)
                .chain(request -> request.send(Buffer.buffer(body)))
                .chain(response -> response.body().replaceWith(response.statusCode()));
    }

    /** Hex HMAC-SHA256 of {@code body} under the configured secret. */
    public String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.secret().orElseThrow().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
