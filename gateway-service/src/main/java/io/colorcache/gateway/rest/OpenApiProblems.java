package io.colorcache.gateway.rest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Completes the hand-written API document ({@code META-INF/openapi.yaml}) from {@link ProblemType},
 * so the problems it describes are the code's own: the {@code Problem} schema with every type,
 * and on each operation a response per status for the problems it names in {@code x-problems}
 * plus those every {@code /v1} operation can answer, each with its types, titles and examples.
 */
public class OpenApiProblems implements OASFilter {

    static final String PROBLEMS_EXTENSION = "x-problems";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/Problem";

    /** Answered by any {@code /v1} operation: credentials, the tenant's rate, Redis, the unexpected. */
    static final List<ProblemType> EVERY_API_OPERATION = List.of(ProblemType.UNAUTHORIZED, ProblemType.FORBIDDEN,
            ProblemType.RATE_LIMITED, ProblemType.REDIS_UNAVAILABLE, ProblemType.INTERNAL);

    /** Answered for any path or method the API does not have. */
    static final List<ProblemType> ANY_PATH = List.of(ProblemType.NOT_FOUND, ProblemType.METHOD_NOT_ALLOWED);

    private static final Map<ProblemType, String> EXAMPLE_DETAILS = exampleDetails();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema("Problem", problemSchema());
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations()
                .forEach((method, operation) -> addProblems(path, method, operation)));
    }

    private static void addProblems(String path, PathItem.HttpMethod method, Operation operation) {
        List<ProblemType> problems = new ArrayList<>();
        Object named = operation.getExtensions() == null ? null : operation.getExtensions().get(PROBLEMS_EXTENSION);
        if (named instanceof List<?> slugs) {
            for (Object slug : slugs) {
                problems.add(bySlug(String.valueOf(slug), method + " " + path));
            }
        }
        if (path.startsWith("/v1/")) {
            problems.addAll(EVERY_API_OPERATION);
        }
        operation.removeExtension(PROBLEMS_EXTENSION);
        Map<Integer, List<ProblemType>> byStatus = problems.stream().distinct()
                .collect(Collectors.groupingBy(ProblemType::status, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, types) -> operation.getResponses()
                .addAPIResponse(Integer.toString(status), response(status, types)));
    }

    private static ProblemType bySlug(String slug, String where) {
        for (ProblemType type : ProblemType.values()) {
            if (type.slug().equals(slug)) {
                return type;
            }
        }
        throw new IllegalStateException(where + " names an unknown problem type in " + PROBLEMS_EXTENSION + ": " + slug);
    }

    private static APIResponse response(int status, List<ProblemType> types) {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA));
        for (ProblemType type : types) {
            media.addExample(type.slug(), OASFactory.createExample().summary(type.title()).value(example(type)));
        }
        APIResponse response = OASFactory.createAPIResponse()
                .description(types.stream().map(t -> "`" + t.slug() + "`: " + t.title())
                        .collect(Collectors.joining("; ")))
                .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media));
        headersOf(status).forEach(response::addHeader);
        return response;
    }

    private static Map<String, Object> example(ProblemType type) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type.uri());
        example.put("title", type.title());
        example.put("status", type.status());
        example.put("detail", EXAMPLE_DETAILS.get(type));
        example.put("instance", "/v1/jobs");
        return example;
    }

    private static Map<String, Header> headersOf(int status) {
        Map<String, Header> headers = new LinkedHashMap<>();
        if (status == 401) {
            headers.put("WWW-Authenticate", header("WWW-Authenticate"));
        }
        if (status == 429 || status == 503) {
            headers.put("Retry-After", header("Retry-After"));
        }
        if (status == 429) {
            headers.put("RateLimit-Policy", header("RateLimit-Policy"));
            headers.put("RateLimit", header("RateLimit"));
        }
        return headers;
    }

    private static Header header(String name) {
        return OASFactory.createHeader().ref("#/components/headers/" + name);
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        List<Object> uris = new ArrayList<>();
        for (ProblemType type : ProblemType.values()) {
            uris.add(type.uri());
        }
        Schema schema = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details; `type` is stable, `detail` is for people")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(uris))
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("instance", text)
                .addProperty("jobId", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The job, for problems of a job that was accepted"));
        List<Map<String, Object>> catalogue = new ArrayList<>();
        for (ProblemType type : ProblemType.values()) {
            catalogue.add(Map.of("type", type.uri(), "status", type.status(), "title", type.title()));
        }
        schema.addExtension("x-problem-types", catalogue);
        return schema;
    }

    private static Map<ProblemType, String> exampleDetails() {
        Map<ProblemType, String> details = new EnumMap<>(ProblemType.class);
        details.put(ProblemType.MISSING_IMAGE, "the request has no body");
        details.put(ProblemType.INVALID_MULTIPART, "the multipart body has the field image twice");
        details.put(ProblemType.UNAUTHORIZED, "no Authorization: Bearer credential");
        details.put(ProblemType.FORBIDDEN, "tenant acme is suspended");
        details.put(ProblemType.REQUEST_TIMEOUT, "the body arrived slower than 16384 bytes per second");
        details.put(ProblemType.LENGTH_REQUIRED, "an HTTP/2 raw upload needs Content-Length");
        details.put(ProblemType.PAYLOAD_TOO_LARGE, "the body is over 20971520 bytes");
        details.put(ProblemType.UNSUPPORTED_MEDIA_TYPE, "a body of type text/plain is not a photo: send a JPEG, PNG,"
                + " TIFF or WebP file (Content-Type image/..., or application/octet-stream)");
        details.put(ProblemType.NOT_ACCEPTABLE, "results are available as image/jpeg, image/png or image/webp");
        details.put(ProblemType.IMAGE_TOO_LARGE, "the image declares 60000 x 60000 pixels; at most 50000000");
        details.put(ProblemType.CORRUPT_IMAGE, "the JPEG ends before its end-of-image marker");
        details.put(ProblemType.UNDECODABLE_IMAGE, "the worker could not decode the image");
        details.put(ProblemType.NOT_FOUND, "no such path: /v2/colorize");
        details.put(ProblemType.JOB_NOT_FOUND, "no job 9f86d081884c7d659a2feaa0c55ad015 (unknown or expired)");
        details.put(ProblemType.RESULT_NOT_FOUND, "no cached result for this photo");
        details.put(ProblemType.JOB_NOT_DONE, "job 9f86d081884c7d659a2feaa0c55ad015 is running; its result is not"
                + " ready yet");
        details.put(ProblemType.RESULT_EXPIRED, "the job is done but its result has expired from the cache; submit"
                + " the photo again");
        details.put(ProblemType.INVALID_SHA256, "not 64 hex digits: abc");
        details.put(ProblemType.INVALID_PARAMETER, "match must be near or exact: fuzzy");
        details.put(ProblemType.INVALID_CALLBACK_URL, "the callback host resolves to a private address");
        details.put(ProblemType.METHOD_NOT_ALLOWED, "PUT is not allowed here");
        details.put(ProblemType.RATE_LIMITED, "tenant acme is over 10 requests per second");
        details.put(ProblemType.TOO_MANY_EVENT_STREAMS, "this tenant has 20 event streams open on this gateway");
        details.put(ProblemType.UPLOAD_BYTES_EXCEEDED, "this tenant's uploads in flight would pass 67108864 bytes");
        details.put(ProblemType.COMPUTATION_QUOTA, "tenant acme started its 1000 computations of the day");
        details.put(ProblemType.JOB_FAILED, "the colorization failed");
        details.put(ProblemType.JOB_TIMEOUT, "no result within 60 seconds; the job goes on");
        details.put(ProblemType.REDIS_UNAVAILABLE, "the cache and job queue cannot be reached; retry later");
        details.put(ProblemType.QUEUE_FULL, "500 jobs are waiting");
        details.put(ProblemType.NOT_DURABLE, "the job is not yet on 1 replica; the job stays queued and retrying"
                + " the same photo joins it");
        details.put(ProblemType.UPLOADS_BUSY, "the gateway holds as many upload bytes as it may");
        details.put(ProblemType.CALLBACKS_BUSY, "this gateway watches as many jobs for callbacks as it may");
        details.put(ProblemType.EVENT_STREAMS_BUSY, "this gateway has 2000 event streams open");
        details.put(ProblemType.INTERNAL, "an unexpected error occurred");
        for (ProblemType type : ProblemType.values()) {
            if (!details.containsKey(type)) {
                throw new IllegalStateException("no example detail for problem type " + type.slug());
            }
        }
        return details;
    }
}
