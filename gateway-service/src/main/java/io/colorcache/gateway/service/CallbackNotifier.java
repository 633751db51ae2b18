package io.colorcache.gateway.service;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.gateway.redis.CallbackClaims;
import io.colorcache.protocol.WebhookSignature;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a client's callback URL when its job ends: POSTs the job as JSON, signed as Standard
 * Webhooks has it with the secret of this tenant's endpoint ({@link WebhookSignature}). The URL is
 * checked and its host resolved at submission and again at each delivery ({@link CallbackTargets}),
 * and the delivery connects to the address just checked; redirects are not followed, and at most
 * {@link #MAX_RESPONSE_BYTES} of the answer are read. Timeouts, connection errors, 408, 429 and 5xx
 * are retried with exponential backoff, anything else ends the delivery. One callback per tenant
 * and job, however often it is submitted ({@link CallbackClaims}); at most {@code max-watched}
 * jobs watched at once. The gateway that accepted the submission watches the job; callbacks do not
 * survive its restart (the job and its result do).
 */
@ApplicationScoped
public class CallbackNotifier {

    static final int MAX_RESPONSE_BYTES = 4096;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final double JITTER = 0.2;

    private final CompletionAwaiter awaiter;
    private final JobViews jobs;
    private final CallbackTargets targets;
    private final CallbackClaims claims;
    private final GatewayConfig.Callback config;
    private final HttpClient http;
    private final AtomicInteger watched = new AtomicInteger();

    public CallbackNotifier(CompletionAwaiter awaiter, JobViews jobs, CallbackTargets targets, CallbackClaims claims,
            GatewayConfig gateway, Vertx vertx, MeterRegistry meters) {
        this.awaiter = awaiter;
        this.jobs = jobs;
        this.targets = targets;
        this.claims = claims;
        this.config = gateway.callback();
        HttpClientOptions options = new HttpClientOptions().setMaxRedirects(0);
        config.proxy().ifPresent(proxy -> {
            int colon = proxy.lastIndexOf(':');
            options.setProxyOptions(new ProxyOptions().setType(ProxyType.HTTP)
                    .setHost(proxy.substring(0, colon)).setPort(Integer.parseInt(proxy.substring(colon + 1))));
        });
        this.http = vertx.createHttpClient(options);
        Gauge.builder("colorcache.gateway.callbacks.watched", watched, AtomicInteger::get)
                .description("Jobs this gateway watches to call back when they end").register(meters);
    }

    /** Why no callback can be used at all: no master secret configured; empty when they can. */
    public Optional<String> problemWithoutSecret() {
        return config.secret().isPresent() ? Optional.empty()
                : Optional.of("callbacks are not enabled on this gateway (no colorcache.gateway.callback.secret)");
    }

    /** Why this tenant cannot use a callback URL, checked as a delivery would; empty when it can. */
    public Uni<Optional<String>> problemWith(Tenant tenant, String url) {
        if (problemWithoutSecret().isPresent()) {
            return Uni.createFrom().item(problemWithoutSecret());
        }
        String host = hostOf(url);
        if (host != null && !tenant.callbackHosts().permits(host)) {
            return Uni.createFrom().item(Optional.of("callbacks of this API key may go to "
                    + String.join(", ", tenant.callbackHosts().patterns()) + " only, not to " + host));
        }
        return targets.check(url).map(target -> Optional.<String>empty())
                .onFailure(CallbackTargets.RefusedTarget.class).recoverWithItem(failure -> Optional.of(failure.getMessage()));
    }

    /** The URL's host, or null when it has none (the target check refuses it then). */
    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether this gateway watches as many jobs as it may. */
    public boolean busy() {
        return watched.get() >= config.maxWatched();
    }

    /** The secret this tenant's callbacks to the URL's origin are signed with. */
    public String secretFor(Tenant tenant, URI url) {
        return WebhookSignature.endpointSecret(config.secret().orElseThrow(), tenant.id(), WebhookSignature.origin(url));
    }

    /**
     * Watches the job and calls back when it ends, unless the tenant's callback for this job is
     * already claimed (a cache hit's job id is the same for each of the tenant's repeats); returns
     * once claimed.
     */
    public Uni<Void> notifyWhenDone(Tenant tenant, String jobId, String resultKey, String url) {
        return claims.claim(tenant.id(), jobId, config.watchFor()).invoke(claimed -> {
            if (claimed) {
                watch(tenant, jobId, resultKey, url);
            } else {
                Log.debugf("Callback of %s for job %s already claimed", tenant.id(), jobId);
            }
        }).replaceWithVoid();
    }

    private void watch(Tenant tenant, String jobId, String resultKey, String url) {
        watched.incrementAndGet();
        awaiter.completion(resultKey, jobId)
                .ifNoItem().after(config.watchFor()).fail()
                .chain(completion -> jobs.view(jobId))
                .onTermination().invoke(watched::decrementAndGet)
                .subscribe().with(
                        view -> view.ifPresent(v -> deliver(tenant, url, Json.encode(v), jobId)),
                        failure -> Log.warnf("Callback for job %s not sent: %s", jobId, failure.toString()));
    }

    private void deliver(Tenant tenant, String url, String body, String jobId) {
        String secret = secretFor(tenant, URI.create(url));
        AtomicInteger attempts = new AtomicInteger();
        Uni<Integer> attempt = Uni.createFrom().deferred(() -> targets.check(url))
                .chain(target -> post(target, secret, jobId, body))
                .invoke(status -> {
                    if (status / 100 != 2) {
                        throw new CallbackRefused(status);
                    }
                })
                .onFailure().invoke(failure -> Log.infof("Callback for job %s to %s failed (attempt %d): %s",
                        jobId, url, attempts.incrementAndGet(), failure.getMessage()));
        Uni<Integer> delivery = config.maxAttempts() <= 1 ? attempt : attempt
                .onFailure(CallbackNotifier::retryable).retry()
                .withBackOff(config.initialBackoff(), MAX_BACKOFF).withJitter(JITTER)
                .atMost(config.maxAttempts() - 1L);
        delivery.subscribe().with(
                status -> Log.debugf("Callback for job %s delivered to %s", jobId, url),
                failure -> Log.warnf("Callback for job %s to %s given up after %d attempts: %s",
                        jobId, url, attempts.get(), failure.getMessage()));
    }

    /** Worth another attempt: no answer, or one that says "later". A refused target or a 3xx/4xx is final. */
    private static boolean retryable(Throwable failure) {
        if (failure instanceof CallbackTargets.RefusedTarget) {
            return false;
        }
        if (failure instanceof CallbackRefused refused) {
            int status = refused.status;
            return status >= 500 || status == 408 || status == 429;
        }
        return true;
    }

    /** A callback answered with a status other than 2xx. */
    private static final class CallbackRefused extends RuntimeException {
        private final int status;

        CallbackRefused(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }
    }

    /** An answer longer than the callback ever reads. */
    private static final class AnswerTooLong extends RuntimeException {
        AnswerTooLong() {
            super("answer longer than " + MAX_RESPONSE_BYTES + " bytes", null, false, false);
        }
    }

    private Uni<Integer> post(CallbackTargets.Target target, String secret, String messageId, String body) {
        long timestamp = System.currentTimeMillis() / 1000;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(target.url().toString())
                .setFollowRedirects(false)
                .setTimeout(config.timeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.ID, messageId)
                .putHeader(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
                .putHeader(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret, messageId, timestamp, body));
        if (target.address() != null) {
            options.setServer(SocketAddress.inetSocketAddress(port(target.url()), target.address().getHostAddress()));
        }
        return http.request(options)
                .chain(request -> request.send(Buffer.buffer(body)))
                .chain(CallbackNotifier::statusAfterAtMostMaxBytes);
    }

    /** The answer's status, its body read up to {@link #MAX_RESPONSE_BYTES}; past that the stream is reset. */
    private static Uni<Integer> statusAfterAtMostMaxBytes(HttpClientResponse response) {
        AtomicLong read = new AtomicLong();
        return response.toMulti()
                .invoke(chunk -> {
                    if (read.addAndGet(chunk.length()) > MAX_RESPONSE_BYTES) {
                        throw new AnswerTooLong();
                    }
                })
                .collect().last()
                .replaceWith(response.statusCode())
                .onFailure(AnswerTooLong.class).recoverWithItem(() -> {
                    response.request().reset();
                    return response.statusCode();
                });
    }

    private static int port(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
}
