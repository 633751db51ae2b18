package io.colorcache.gateway.rest;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.Sha256;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads raw upload bodies ({@code POST /v1/colorize} and {@code /v1/jobs} with an image body) on
 * the event loop before the endpoint runs: into one array sized by Content-Length, hashed while
 * the chunks arrive, within the {@link UploadBudget}. Multipart and form bodies pass through.
 */
@ApplicationScoped
public class RawUploadReader {

    private static final int CHUNKED_INITIAL_CAPACITY = 64 * 1024;

    private final UploadBudget budget;
    private final UploadValidator validator;
    private final Vertx vertx;
    private final long maxWaitMillis;
    private final long minBytesPerSecond;
    private final long bodyGraceNanos;

    public RawUploadReader(UploadBudget budget, UploadValidator validator, Vertx vertx, GatewayConfig config) {
        this.budget = budget;
        this.validator = validator;
        this.vertx = vertx;
        this.maxWaitMillis = Math.max(1, config.uploads().maxWait().toMillis());
        this.minBytesPerSecond = config.uploads().minBytesPerSecond();
        this.bodyGraceNanos = config.uploads().bodyGrace().toNanos();
    }

    void install(@Observes Router router) {
        for (String path : new String[] {"/v1/colorize", "/v1/jobs"}) {
            // After authentication and the tenant's limits: a refused request is never read.
            router.route(HttpMethod.POST, path).order(Integer.MIN_VALUE + 3).handler(this::read);
        }
    }

    /** The upload this reader stored for the request, handed over once; fails when the body was never read. */
    public Uni<Upload> uploadOf(RoutingContext ctx) {
        Upload upload = RequestExchange.of(ctx).takeUpload();
        return upload != null ? Uni.createFrom().item(upload)
                : Uni.createFrom().failure(new IllegalStateException("the raw body was not read"));
    }

    private void read(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!isRaw(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.next();
            return;
        }
        long declared = BodyLimitFilter.declaredLength(request);
        request.pause();
        long uploadBytes = declared >= 0 ? declared : validator.maxBytes();
        // The refusal timer, cancelled on grant or end: a pending timer would keep the whole request reachable.
        long[] timer = {-1};
        UploadBudget.Reservation reservation = budget.reserve(UploadBudget.BYTES_PER_UPLOAD_BYTE * uploadBytes, () -> {
            vertx.cancelTimer(timer[0]);
            receive(ctx, declared);
        });
        RequestExchange exchange = RequestExchange.of(ctx);
        exchange.reservation(reservation);
        ctx.addEndHandler(ignored -> {
            vertx.cancelTimer(timer[0]);
            UploadBudget.Reservation unclaimed = exchange.takeReservation();
            if (unclaimed != null) {
                unclaimed.release();
            }
        });
        if (reservation.grantedAtOnce()) {
            receive(ctx, declared);
            return;
        }
        timer[0] = vertx.setTimer(maxWaitMillis, ignored -> {
            if (reservation.withdraw()) {
                ProblemWriter.refuseAndClose(ctx, ProblemType.UPLOADS_BUSY,
                        "too many uploads are being received; retry later");
            }
        });
    }

    private void receive(RoutingContext ctx, long declared) {
        HttpServerRequest request = ctx.request();
        // RESTEasy pauses the request when it takes over, which an HTTP/2 stream refuses once it has
        // ended: there the endpoint runs as soon as the declared bytes are in, before the stream's end.
        boolean beforeEnd = request.version() == HttpVersion.HTTP_2;
        if (beforeEnd && declared < 0) {
            ProblemWriter.refuseAndClose(ctx, ProblemType.LENGTH_REQUIRED,
                    "an HTTP/2 upload needs a Content-Length header");
            return;
        }
        Body body = new Body(declared >= 0 ? (int) declared : CHUNKED_INITIAL_CAPACITY, validator.maxBytes());
        if (beforeEnd && declared == 0) {
            proceed(ctx, body);
            return;
        }
        long slowBodyCheck = watchRate(ctx, body);
        request.handler(chunk -> {
            if (!body.append(chunk)) {
                vertx.cancelTimer(slowBodyCheck);
                stopReading(request);
                ProblemWriter.refuseAndClose(ctx, ProblemType.PAYLOAD_TOO_LARGE,
                        validator.tooLarge(body.size + (long) chunk.length()).getMessage());
            } else if (beforeEnd && body.size == declared) {
                vertx.cancelTimer(slowBodyCheck);
                proceed(ctx, body);
            }
        });
        request.endHandler(ignored -> {
            vertx.cancelTimer(slowBodyCheck);
            proceed(ctx, body);
        });
        ctx.addEndHandler(ignored -> vertx.cancelTimer(slowBodyCheck));
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    /**
     * Checks every second, once the grace has passed, that the body arrives at least at the
     * minimum rate since it was first asked for; a slower one is ended with 408 and its
     * reservation released (by the end handler). Returns the timer, for the reader to cancel.
     */
    private long watchRate(RoutingContext ctx, Body body) {
        if (minBytesPerSecond <= 0) {
            return -1;
        }
        long started = System.nanoTime();
        return vertx.setPeriodic(1000, timer -> {
            long elapsed = System.nanoTime() - started;
            if (elapsed <= bodyGraceNanos) {
                return;
            }
            double expected = minBytesPerSecond * (elapsed - bodyGraceNanos) / 1e9;
            if (body.size < expected) {
                vertx.cancelTimer(timer);
                stopReading(ctx.request());
                ProblemWriter.refuseAndCloseNow(ctx, ProblemType.REQUEST_TIMEOUT, "the upload arrived at "
                        + Math.round(body.size * 1e9 / elapsed) + " bytes/s; at least " + minBytesPerSecond
                        + " bytes/s are needed after the first " + bodyGraceNanos / 1_000_000_000 + " s");
            }
        });
    }

    private static void proceed(RoutingContext ctx, Body body) {
        stopReading(ctx.request());
        RequestExchange.of(ctx).upload(body.upload());
        ctx.next();
    }

    private static void stopReading(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.pause();
        }
        request.handler(null);
        request.endHandler(null);
    }

    /** Raw unless multipart or a form: what RESTEasy routes to the raw-body endpoints, or refuses. */
    private static boolean isRaw(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.stripLeading().toLowerCase(Locale.ROOT);
        return !type.startsWith("multipart/") && !type.startsWith("application/x-www-form-urlencoded");
    }

    /** The body so far and its running digest. */
    private static final class Body {

        private final MessageDigest digest = Sha256.newDigest();
        private final long limit;
        private byte[] bytes;
        private int size;

        Body(int expected, long limit) {
            this.bytes = new byte[expected];
            this.limit = limit;
        }

        boolean append(Buffer chunk) {
            int length = chunk.length();
            if (size + (long) length > limit) {
                return false;
            }
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + length, 2L * bytes.length)));
            }
            chunk.getBytes(0, length, bytes, size);
            digest.update(bytes, size, length);
            size += length;
            return true;
        }

        Upload upload() {
            return new Upload(size == bytes.length ? bytes : Arrays.copyOf(bytes, size), Sha256.hex(digest));
        }
    }
}
