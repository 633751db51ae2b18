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
 * Reads upload bodies ({@code POST /v1/colorize} and {@code /v1/jobs}, raw or multipart) on the
 * event loop before the endpoint runs, within the {@link UploadBudget}: the reservation grows as
 * the bytes arrive, the body pausing while the budget has no room for its next chunk. A raw body
 * is hashed while it arrives; a multipart one is split once complete ({@link MultipartForm}), so
 * no upload is ever spooled to disk. Form-urlencoded bodies pass through to be refused.
 */
@ApplicationScoped
public class UploadBodyReader {

    /** The first room a body gets; it doubles from there as the bytes arrive. */
    static final int FIRST_CAPACITY = 256 * 1024;
    /** What multipart framing may add to the image itself. */
    static final int MULTIPART_FRAMING_BYTES = 64 * 1024;

    private final UploadBudget budget;
    private final UploadValidator validator;
    private final Vertx vertx;
    private final long maxWaitMillis;
    private final long minBytesPerSecond;
    private final long bodyGraceNanos;

    public UploadBodyReader(UploadBudget budget, UploadValidator validator, Vertx vertx, GatewayConfig config) {
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
            router.route(HttpMethod.POST, path).order(RouteOrder.READ_BODY).handler(this::read);
        }
    }

    /** The upload this reader stored for the request, handed over once; fails when the body was never read. */
    public Uni<Upload> uploadOf(RoutingContext ctx) {
        Upload upload = RequestExchange.of(ctx).takeUpload();
        return upload != null ? Uni.createFrom().item(upload)
                : Uni.createFrom().failure(new IllegalStateException("the upload body was not read"));
    }

    /** The multipart field {@code callbackUrl} of the request's form; null for a raw upload or a form without it. */
    public String formCallbackUrl(RoutingContext ctx) {
        return RequestExchange.of(ctx).formCallbackUrl();
    }

    private void read(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (isForm(contentType)) {
            ctx.next();
            return;
        }
        String boundary;
        try {
            boundary = isMultipart(contentType) ? MultipartForm.boundary(contentType) : null;
        } catch (ProblemException e) {
            ProblemWriter.refuseAndClose(ctx, e.type(), e.getMessage());
            return;
        }
        long limit = validator.maxBytes() + (boundary != null ? MULTIPART_FRAMING_BYTES : 0);
        long declared = BodyLimitFilter.declaredLength(request);
        Body body = new Body(declared >= 0 ? Math.min(declared, limit) : limit, limit, boundary == null);
        request.pause();
        // The refusal timer, cancelled on grant or end: a pending timer would keep the whole request reachable.
        long[] timer = {-1};
        UploadBudget.Reservation reservation = budget.reserve(UploadBudget.BYTES_PER_UPLOAD_BYTE * body.capacity(), () -> {
            vertx.cancelTimer(timer[0]);
            receive(ctx, declared, body, boundary);
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
            receive(ctx, declared, body, boundary);
            return;
        }
        timer[0] = vertx.setTimer(maxWaitMillis, ignored -> {
            if (reservation.withdraw()) {
                ProblemWriter.refuseAndClose(ctx, ProblemType.UPLOADS_BUSY,
                        "too many uploads are being received; retry later");
            }
        });
    }

    private void receive(RoutingContext ctx, long declared, Body body, String boundary) {
        HttpServerRequest request = ctx.request();
        UploadBudget.Reservation reservation = RequestExchange.of(ctx).reservation();
        // RESTEasy pauses the request when it takes over, which an HTTP/2 stream refuses once it has
        // ended: there the endpoint runs as soon as the declared bytes are in, before the stream's end.
        boolean beforeEnd = request.version() == HttpVersion.HTTP_2;
        if (beforeEnd && declared < 0) {
            ProblemWriter.refuseAndClose(ctx, ProblemType.LENGTH_REQUIRED,
                    "an HTTP/2 upload needs a Content-Length header");
            return;
        }
        if (beforeEnd && declared == 0) {
            proceed(ctx, body, boundary);
            return;
        }
        long slowBodyCheck = watchRate(ctx, body);
        ctx.addEndHandler(ignored -> {
            vertx.cancelTimer(slowBodyCheck);
            vertx.cancelTimer(body.roomTimer);
        });
        request.handler(chunk -> {
            long needed = body.size + (long) chunk.length();
            if (needed > body.limit) {
                vertx.cancelTimer(slowBodyCheck);
                stopReading(request);
                ProblemWriter.refuseAndClose(ctx, ProblemType.PAYLOAD_TOO_LARGE, validator.tooLarge(needed).getMessage());
                return;
            }
            if (needed <= body.capacity()) {
                take(ctx, body, chunk, beforeEnd, declared, boundary, slowBodyCheck);
                return;
            }
            long grown = body.grownCapacity(needed);
            long ask = UploadBudget.BYTES_PER_UPLOAD_BYTE * (grown - body.capacity());
            if (reservation.grow(ask, () -> resumeAfterRoom(ctx, body, chunk, grown, beforeEnd, declared, boundary,
                    slowBodyCheck))) {
                body.resize(grown);
                take(ctx, body, chunk, beforeEnd, declared, boundary, slowBodyCheck);
                return;
            }
            // No room for this chunk yet: the client waits, unread, and its rate is not held against it.
            request.pause();
            body.waitForRoom();
            body.roomTimer = vertx.setTimer(maxWaitMillis, ignored -> {
                if (reservation.withdraw()) {
                    vertx.cancelTimer(slowBodyCheck);
                    stopReading(request);
                    ProblemWriter.refuseAndClose(ctx, ProblemType.UPLOADS_BUSY,
                            "too many uploads are being received; retry later");
                }
            });
        });
        request.endHandler(ignored -> {
            vertx.cancelTimer(slowBodyCheck);
            proceed(ctx, body, boundary);
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    private void resumeAfterRoom(RoutingContext ctx, Body body, Buffer chunk, long grown, boolean beforeEnd,
            long declared, String boundary, long slowBodyCheck) {
        vertx.cancelTimer(body.roomTimer);
        body.roomGiven();
        body.resize(grown);
        take(ctx, body, chunk, beforeEnd, declared, boundary, slowBodyCheck);
        if (!body.complete && !ctx.response().ended()) {
            ctx.request().resume();
        }
    }

    private void take(RoutingContext ctx, Body body, Buffer chunk, boolean beforeEnd, long declared, String boundary,
            long slowBodyCheck) {
        body.append(chunk);
        if (beforeEnd && body.size == declared) {
            vertx.cancelTimer(slowBodyCheck);
            proceed(ctx, body, boundary);
        }
    }

    /**
     * Checks every second, once the grace has passed, that the body arrives at least at the
     * minimum rate since it was first asked for (time spent waiting for room aside); a slower one
     * is ended with 408 and its reservation released (by the end handler). Returns the timer,
     * for the reader to cancel.
     */
    private long watchRate(RoutingContext ctx, Body body) {
        if (minBytesPerSecond <= 0) {
            return -1;
        }
        long started = System.nanoTime();
        return vertx.setPeriodic(1000, timer -> {
            if (body.waitingForRoom) {
                return;
            }
            long elapsed = System.nanoTime() - started - body.pausedNanos;
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

    private static void proceed(RoutingContext ctx, Body body, String boundary) {
        stopReading(ctx.request());
        body.complete = true;
        RequestExchange exchange = RequestExchange.of(ctx);
        if (boundary == null) {
            exchange.upload(body.rawUpload());
            ctx.next();
            return;
        }
        try {
            MultipartForm form = MultipartForm.parse(body.bytes, body.size, boundary);
            byte[] image = form.file("image").orElseThrow(() -> new ProblemException(ProblemType.MISSING_IMAGE,
                    "the multipart request has no file field named 'image'"));
            exchange.formCallbackUrl(form.text("callbackUrl").orElse(null));
            exchange.upload(Upload.of(image));
        } catch (ProblemException e) {
            ProblemWriter.refuseAndClose(ctx, e.type(), e.getMessage());
            return;
        }
        ctx.next();
    }

    private static void stopReading(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.pause();
        }
        request.handler(null);
        request.endHandler(null);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.stripLeading().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isMultipart(String contentType) {
        return contentType != null && contentType.stripLeading().toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    /** The body so far, its running digest for a raw upload, and the time it spent paused for room. */
    private static final class Body {

        private final MessageDigest digest;
        private final long target;
        private final long limit;
        private byte[] bytes;
        private int size;
        private long pausedNanos;
        private long pausedSince;
        private boolean waitingForRoom;
        private boolean complete;
        private long roomTimer = -1;

        /** Room for {@code expected} bytes at most (the declared length, or the limit), given in steps. */
        Body(long expected, long limit, boolean hashed) {
            this.digest = hashed ? Sha256.newDigest() : null;
            this.target = expected;
            this.limit = limit;
            this.bytes = new byte[(int) Math.min(expected, FIRST_CAPACITY)];
        }

        int capacity() {
            return bytes.length;
        }

        /** The next capacity that holds {@code needed} bytes: doubled, within the expected size. */
        long grownCapacity(long needed) {
            long expected = Math.max(target, needed);
            return Math.min(expected, Math.max(needed, 2L * bytes.length));
        }

        void resize(long capacity) {
            bytes = Arrays.copyOf(bytes, (int) capacity);
        }

        void waitForRoom() {
            waitingForRoom = true;
            pausedSince = System.nanoTime();
        }

        void roomGiven() {
            waitingForRoom = false;
            pausedNanos += System.nanoTime() - pausedSince;
        }

        void append(Buffer chunk) {
            int length = chunk.length();
            chunk.getBytes(0, length, bytes, size);
            if (digest != null) {
                digest.update(bytes, size, length);
            }
            size += length;
        }

        Upload rawUpload() {
            return new Upload(size == bytes.length ? bytes : Arrays.copyOf(bytes, size), Sha256.hex(digest));
        }
    }
}
