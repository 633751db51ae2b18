package io.colorcache.gateway.rest;

/** Every kind of problem the gateway answers with: a stable type URI, a status and a title. */
public enum ProblemType {
    MISSING_IMAGE("missing-image", 400, "No image in the request"),
    INVALID_MULTIPART("invalid-multipart", 400, "Unreadable multipart body"),
    UNAUTHORIZED("unauthorized", 401, "Authentication required"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    REQUEST_TIMEOUT("request-timeout", 408, "Upload too slow"),
    LENGTH_REQUIRED("length-required", 411, "Content-Length required"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Upload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported image format"),
    NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable output format"),
    IMAGE_TOO_LARGE("image-too-large", 422, "Image has too many pixels"),
    CORRUPT_IMAGE("corrupt-image", 422, "Corrupt or truncated image"),
    UNDECODABLE_IMAGE("undecodable-image", 422, "The image could not be decoded"),
    NOT_FOUND("not-found", 404, "Not found"),
    JOB_NOT_FOUND("job-not-found", 404, "No such job"),
    RESULT_NOT_FOUND("result-not-found", 404, "No cached result"),
    JOB_NOT_DONE("job-not-done", 409, "Job not done yet"),
    RESULT_EXPIRED("result-expired", 410, "Result expired"),
    INVALID_SHA256("invalid-sha256", 400, "Not a SHA-256"),
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid query parameter"),
    INVALID_CALLBACK_URL("invalid-callback-url", 422, "Invalid callback URL"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    TOO_MANY_EVENT_STREAMS("too-many-event-streams", 429, "Too many event streams open"),
    UPLOAD_BYTES_EXCEEDED("upload-bytes-exceeded", 429, "Too many upload bytes in flight"),
    COMPUTATION_QUOTA("computation-quota-exceeded", 429, "Daily computations used up"),
    JOB_FAILED("job-failed", 500, "Colorization failed"),
    JOB_TIMEOUT("job-timeout", 504, "Result not ready in time"),
    REDIS_UNAVAILABLE("redis-unavailable", 503, "Cache and queue unavailable"),
    QUEUE_FULL("queue-full", 503, "Too much work queued"),
    NOT_DURABLE("not-durable", 503, "Job not yet safe from a Redis failover"),
    UPLOADS_BUSY("uploads-busy", 503, "Too many uploads in progress"),
    CALLBACKS_BUSY("callbacks-busy", 503, "Too many callbacks pending"),
    EVENT_STREAMS_BUSY("event-streams-busy", 503, "Too many event streams open"),
    INTERNAL("internal", 500, "Internal error");

    public static final String BASE_URI = "https://colorcache.io/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE_URI + slug;
    }

    public int status() {
        return status;
    }

    /** The last segment of the type URI, as in {@code unsupported-media-type}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Problem with(String detail, String instance, String jobId) {
        return new Problem(uri(), title, status, detail, instance, jobId);
    }
}
