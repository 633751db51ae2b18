package io.colorcache.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorcache.testsupport.RedisTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API document against the code: every resource method of the gateway (found by reflection
 * over its REST package) is an operation of {@code /q/openapi} with each of its query, path and
 * header parameters; the upload routes (read outside RESTEasy) document their raw and multipart
 * bodies; every {@link ProblemType} is documented with its status, and answered by some
 * operation with an example; real error answers are documented for the operation that gave them.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class OpenApiDocumentTest {

    private static final List<Class<? extends Annotation>> HTTP_METHODS = List.of(GET.class, POST.class,
            DELETE.class, PUT.class, HEAD.class);

    private JsonNode document;

    @BeforeEach
    void fetchDocument() throws IOException {
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        document = new ObjectMapper().readTree(json);
    }

    /** A route of the code: method, path, and its parameters as (in, name). */
    private record Route(String method, String path, Method handler) {
    }

    private static List<Route> routesOfTheCode() throws IOException, URISyntaxException, ClassNotFoundException {
        String pkg = ColorizeResource.class.getPackageName();
        URL resource = ColorizeResource.class.getResource("ColorizeResource.class");
        assertThat(resource).as("the REST package's classes").isNotNull();
        assertThat(resource.getProtocol()).as(resource.toString()).isEqualTo("file");
        List<Route> routes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(Paths.get(resource.toURI()).getParent())) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(pkg + "." + name, false, ColorizeResource.class.getClassLoader());
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (Class<? extends Annotation> http : HTTP_METHODS) {
                        if (method.isAnnotationPresent(http)) {
                            Path sub = method.getAnnotation(Path.class);
                            routes.add(new Route(http.getSimpleName().toLowerCase(Locale.ROOT),
                                    base.value() + (sub == null ? "" : sub.value()), method));
                        }
                    }
                }
            }
        }
        return routes;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            JsonNode target = document;
            for (String part : node.get("$ref").asText().substring(2).split("/")) {
                target = target.get(part);
            }
            node = target;
        }
        return node;
    }

    private Set<String> documentedParameters(JsonNode operation) {
        Set<String> names = new HashSet<>();
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode p = resolve(parameter);
            names.add(p.get("in").asText() + ":" + p.get("name").asText().toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static List<String> codeParameters(Method handler) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : handler.getParameters()) {
            if (parameter.getAnnotation(RestQuery.class) != null) {
                names.add("query:" + name(parameter.getAnnotation(RestQuery.class).value(), parameter));
            } else if (parameter.getAnnotation(RestPath.class) != null) {
                names.add("path:" + name(parameter.getAnnotation(RestPath.class).value(), parameter));
            } else if (parameter.getAnnotation(RestHeader.class) != null) {
                names.add("header:" + name(parameter.getAnnotation(RestHeader.class).value(), parameter));
            }
        }
        return names;
    }

    private static String name(String declared, Parameter parameter) {
        assertThat(parameter.isNamePresent() || !declared.isEmpty()).as("compiled with -parameters").isTrue();
        return (declared.isEmpty() ? parameter.getName() : declared).toLowerCase(Locale.ROOT);
    }

    @Test
    void everyRouteOfTheCodeIsDocumentedWithEveryParameter() throws Exception {
        List<Route> routes = routesOfTheCode();
        assertThat(routes).extracting(r -> r.method() + " " + r.path()).contains("post /v1/colorize",
                "post /v1/jobs", "get /v1/jobs/{id}/events", "delete /v1/uploads/{sha256}");
        for (Route route : routes) {
            JsonNode operation = document.path("paths").path(route.path()).path(route.method());
            assertThat(operation.isObject()).as("%s %s in /q/openapi", route.method(), route.path()).isTrue();
            assertThat(documentedParameters(operation)).as("parameters of %s %s", route.method(), route.path())
                    .containsAll(codeParameters(route.handler()));
            assertThat(operation.path("responses").size()).as("responses of %s %s", route.method(), route.path())
                    .isGreaterThan(1);
            Consumes consumes = route.handler().getAnnotation(Consumes.class);
            if (consumes != null) {
                JsonNode body = resolve(operation.path("requestBody")).path("content");
                for (String type : consumes.value()) {
                    List<String> expected = type.equals("image/*")
                            ? List.of("image/jpeg", "image/png", "image/tiff", "image/webp") : List.of(type);
                    for (String media : expected) {
                        assertThat(body.has(media)).as("%s body of %s %s", media, route.method(), route.path())
                                .isTrue();
                    }
                }
            }
        }
        assertThat(document.path("paths").path("/").has("get")).as("the web page").isTrue();
        assertThat(document.path("paths").path("/v1/results/{sha256}").has("head")).isTrue();
    }

    @Test
    void everyProblemTypeIsDocumentedWithItsStatusAndAnsweredBySomeOperationWithAnExample() {
        JsonNode problem = document.path("components").path("schemas").path("Problem");
        List<String> enumerated = new ArrayList<>();
        problem.path("properties").path("type").path("enum").forEach(n -> enumerated.add(n.asText()));
        Map<String, Integer> catalogue = new java.util.HashMap<>();
        problem.path("x-problem-types").forEach(n -> catalogue.put(n.get("type").asText(), n.get("status").asInt()));

        for (ProblemType type : ProblemType.values()) {
            assertThat(enumerated).contains(type.uri());
            assertThat(catalogue).containsEntry(type.uri(), type.status());
            if (OpenApiProblems.ANY_PATH.contains(type)) {
                assertThat(document.path("info").path("description").asText()).contains("`" + type.slug() + "`");
                continue;
            }
            boolean answered = false;
            for (JsonNode item : document.path("paths")) {
                for (JsonNode operation : item) {
                    JsonNode examples = resolve(operation.path("responses").path(Integer.toString(type.status())))
                            .path("content").path(Problem.MEDIA_TYPE).path("examples").path(type.slug());
                    if (examples.isObject()) {
                        answered = true;
                        assertThat(examples.path("value").path("type").asText()).isEqualTo(type.uri());
                        assertThat(examples.path("value").path("status").asInt()).isEqualTo(type.status());
                        assertThat(examples.path("value").path("detail").asText()).isNotBlank();
                    }
                }
            }
            assertThat(answered).as("%s (%d) answered by some operation", type.slug(), type.status()).isTrue();
        }
    }

    @Test
    void theHeadersClientsActOnAreDocumented() {
        JsonNode headers = document.path("components").path("headers");
        for (String header : List.of("X-Cache", "ETag", "Retry-After", "RateLimit-Policy", "RateLimit", "Location",
                "WWW-Authenticate", "Cache-Control")) {
            assertThat(headers.has(header)).as(header).isTrue();
            assertThat(headers.path(header).has("example")).as("example of " + header).isTrue();
        }
        JsonNode colorize = document.path("paths").path("/v1/colorize").path("post").path("responses");
        assertThat(resolve(colorize.path("200")).path("headers").has("X-Cache")).isTrue();
        assertThat(resolve(colorize.path("429")).path("headers").has("Retry-After")).isTrue();
        assertThat(resolve(colorize.path("429")).path("headers").has("RateLimit")).isTrue();
        assertThat(resolve(colorize.path("401")).path("headers").has("WWW-Authenticate")).isTrue();
        assertThat(resolve(colorize.path("503")).path("headers").has("Retry-After")).isTrue();
        JsonNode submitted = document.path("paths").path("/v1/jobs").path("post").path("responses");
        assertThat(submitted.path("202").path("content").path("application/json").has("example")).isTrue();
    }

    /** A real answer's status and problem type, documented for the operation that gave it. */
    private void documented(Response response, String path, String method) {
        int status = response.statusCode();
        String type = response.jsonPath().getString("type");
        JsonNode answer = resolve(document.path("paths").path(path).path(method).path("responses")
                .path(Integer.toString(status)));
        assertThat(answer.isObject()).as("%d documented for %s %s", status, method, path).isTrue();
        String slug = type.substring(ProblemType.BASE_URI.length());
        assertThat(answer.path("content").path(Problem.MEDIA_TYPE).path("examples").has(slug))
                .as("%s documented for %s %s", slug, method, path).isTrue();
    }

    @Test
    void realErrorAnswersAreDocumentedForTheirOperation() {
        documented(given().contentType("text/plain").body("hello").post("/v1/colorize"), "/v1/colorize", "post");
        documented(given().contentType("image/png").body(new byte[] {1, 2, 3}).post("/v1/jobs?match=fuzzy"),
                "/v1/jobs", "post");
        documented(given().contentType("image/jpeg").body(new byte[0]).post("/v1/jobs"), "/v1/jobs", "post");
        documented(given().get("/v1/jobs/9f86d081884c7d659a2feaa0c55ad015"), "/v1/jobs/{id}", "get");
        documented(given().get("/v1/jobs/9f86d081884c7d659a2feaa0c55ad015/result"), "/v1/jobs/{id}/result", "get");
        documented(given().get("/v1/results/abc"), "/v1/results/{sha256}", "get");
        documented(given().get("/v1/results/" + "ab".repeat(32)), "/v1/results/{sha256}", "get");
        documented(given().accept("text/plain").get("/v1/results/" + "ab".repeat(32)), "/v1/results/{sha256}", "get");
        documented(given().delete("/v1/uploads/xyz"), "/v1/uploads/{sha256}", "delete");
        documented(given().get("/v1/callbacks/secret?url=nope"), "/v1/callbacks/secret", "get");
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("html"));
    }
}
