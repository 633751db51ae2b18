package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.colorcache.protocol.ApiKeys;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.Sha256;
import io.colorcache.testsupport.CommandRun;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.colorcache.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One Redis ACL user per component, as the chart sets them up ({@code redis.acl}): Redis is
 * started with the ACL file that the bundled Redis' start script writes from the chart's rules,
 * the services connect as their users with the environment the chart renders, everything they
 * do is allowed, and what lies outside each user's rules is refused by Redis.
 */
class RedisAclIT {

    private static final KeySchema KEYS = KeySchema.withDefaultPrefix();
    private static final List<String> USERS = List.of("gateway", "inference", "warmer", "lagReader");
    private static final Map<String, String> PASSWORDS = new HashMap<>();

    private static RedisServer redis;
    private static ServiceProcess inference;
    private static ServiceProcess gateway;
    private static Map<String, String> modelConfig;
    private static final String API_KEY = ApiKeys.newKey();

    @BeforeAll
    static void startEverything() throws Exception {
        USERS.forEach(user -> PASSWORDS.put(user, UUID.randomUUID().toString().replace("-", "")));
        redis = RedisServer.startWithAclFile(aclFileAsTheBundledRedisWritesIt());
        Path modelFile = Files.createTempDirectory("colorcache-acl").resolve("demo.onnx");
        String version = DemoModel.write(modelFile, 64).substring(0, 12);
        modelConfig = Map.of("colorcache.model.id", "ddcolor-acl", "colorcache.model.version", version);
        Map<String, String> inferenceConfig = new HashMap<>(asUser("inference"));
        inferenceConfig.putAll(Map.of("colorcache.model.path", modelFile.toString(), "colorcache.model.providers", "cpu"));
        inference = ServiceProcess.start("inference-acl", Path.of(System.getProperty("inference.app")),
                inferenceConfig, List.of("-Xmx1g"), chartEnvironment("inference"));
        Map<String, String> gatewayConfig = new HashMap<>(asUser("gateway"));
        gatewayConfig.put("colorcache.gateway.l1.max-bytes", "0");
        // With every per-tenant limit and private results, so each of their scripts runs as the gateway's user.
        Path keys = Files.createTempDirectory("colorcache-acl-keys").resolve("api-keys");
        Files.writeString(keys, ApiKeys.line("acl-tenant", API_KEY,
                "rps=100,burst=100,gpu-per-day=100,upload-bytes=100000000"));
        gatewayConfig.putAll(Map.of("colorcache.auth.mode", "api-key", "colorcache.auth.api-keys-file", keys.toString(),
                "colorcache.gateway.callback.secret", "acl-test", "colorcache.gateway.callback.allowed-cidrs", "127.0.0.2/32"));
        gateway = ServiceProcess.start("gateway-acl", Path.of(System.getProperty("gateway.app")), gatewayConfig,
                List.of("-Xmx512m"), chartEnvironment("gateway"));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {gateway, inference, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    /**
     * Runs the part of the bundled Redis' start command (chart, StatefulSet) that writes the ACL
     * file, with the rules of the chart's ConfigMap and this test's passwords in the environment.
     */
    private static Path aclFileAsTheBundledRedisWritesIt() throws Exception {
        Map<String, Object> values = Map.of("redis.auth.enabled", "false");
        Path rules = Files.createTempDirectory("colorcache-acl-rules");
        Path run = Files.createTempDirectory("colorcache-acl-file");
        JsonNode data = ChartEnvironment.object("ConfigMap", "colorcache-redis-acl", values).path("data");
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> rule = it.next();
            Files.writeString(rules.resolve(rule.getKey()), rule.getValue().asText());
        }
        String start = ChartEnvironment.object("StatefulSet", "colorcache-redis", values)
                .at("/spec/template/spec/containers/0/args/0").asText();
        String writeAclFile = start.substring(0, start.indexOf("exec redis-server"))
                .replace("/etc/redis-acl/", rules + "/").replace("/run/redis-acl/", run + "/");
        ProcessBuilder shell = new ProcessBuilder("sh", "-ec", writeAclFile).inheritIO();
        USERS.forEach(user -> shell.environment().put("ACL_" + user.toUpperCase() + "_PASSWORD", PASSWORDS.get(user)));
        assertThat(shell.start().waitFor()).as("the start script's ACL part").isZero();
        return run.resolve("users.acl");
    }

    /** The chart's environment of a component on this test's Redis (an external one, ACL users on). */
    private static Map<String, String> chartEnvironment(String component) {
        return ChartEnvironment.redis(component, Map.of("redis.mode", "external",
                "redis.external.host", "127.0.0.1", "redis.external.port", redis.port()));
    }

    /** The password the chart would put in QUARKUS_REDIS_PASSWORD from the user's Secret. */
    private static Map<String, String> asUser(String user) {
        Map<String, String> config = new HashMap<>(modelConfig == null ? Map.of() : modelConfig);
        config.put("quarkus.redis.password", PASSWORDS.get(user));
        return config;
    }

    private static String colorize(byte[] photo) {
        return withKey().contentType("image/jpeg").body(photo).post("/v1/colorize")
                .then().statusCode(200).extract().header("X-Cache");
    }

    private static RequestSpecification withKey() {
        return given().baseUri(gateway.baseUri()).header("Authorization", "Bearer " + API_KEY);
    }

    private static RespClient as(String user) {
        RespClient client = redis.client();
        client.run("AUTH", "colorcache-" + (user.equals("lagReader") ? "lag-reader" : user), PASSWORDS.get(user));
        return client;
    }

    @Test
    void everyComponentDoesItsWorkAsItsOwnUserAndRedisRefusesNothingOfIt() throws Exception {
        byte[] photo = GeneratedImages.encode(GeneratedImages.gradient(96, 72, 8101), "jpeg");
        assertThat(colorize(photo)).isEqualTo("miss");
        assertThat(colorize(photo)).isEqualTo("hit");
        withKey().contentType("image/jpeg").body(photo).post("/v1/jobs").then().statusCode(200);
        List<String> called = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        receiver.createContext("/hook", exchange -> {
            called.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String id = withKey().contentType("image/jpeg")
                .queryParam("callbackUrl", "http://127.0.0.2:" + receiver.getAddress().getPort() + "/hook")
                .body(GeneratedImages.encode(GeneratedImages.gradient(96, 72, 8102), "jpeg")).post("/v1/jobs")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).until(() -> "done".equals(withKey()
                .get("/v1/jobs/" + id).then().statusCode(200).extract().path("state")));
        await().atMost(Duration.ofSeconds(10)).until(() -> called.size() == 1);
        receiver.stop(0);
        withKey().get("/v1/results/" + Sha256.hex(photo)).then().statusCode(200);
        withKey().delete("/v1/uploads/" + Sha256.hex(photo)).then().statusCode(204);
        withKey().get("/v1/results/" + Sha256.hex(photo)).then().statusCode(404);

        Path folder = Files.createTempDirectory("colorcache-acl-preload");
        Files.write(folder.resolve("a.jpg"), GeneratedImages.encode(GeneratedImages.gradient(96, 72, 8103), "jpeg"));
        Map<String, String> warmerConfig = new HashMap<>(asUser("warmer"));
        chartEnvironmentAsProperties("cache-warmer", warmerConfig);
        CommandRun.Result run = CommandRun.run(Path.of(System.getProperty("warmer.app")), warmerConfig,
                Duration.ofMinutes(3), "--from-dir", folder.toString(), "--wait");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(JsonPath.from(run.lastLine()).getInt("jobsDone")).isEqualTo(1);

        try (RespClient lagReader = as("lagReader")) {
            assertThat(lagReader.list("XINFO", "GROUPS", KEYS.jobsStream())).isNotEmpty();
            lagReader.number("XLEN", KEYS.warmJobsStream());
        }
        try (RespClient admin = redis.client()) {
            assertThat(admin.list("ACL", "LOG")).as("commands Redis refused the services").isEmpty();
        }
    }

    @Test
    void whatLiesOutsideAComponentsRulesIsRefused() {
        // Before: every component was the default user, which may do all of this.
        try (RespClient asDefault = redis.client()) {
            assertThat(asDefault.list("CONFIG", "GET", "maxmemory")).isNotEmpty();
            asDefault.run("XINFO", "GROUPS", KEYS.jobsStream());
        }
        Map<String, List<Object[]>> attacks = Map.of(
                "gateway", List.of(new Object[] {"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"},
                        new Object[] {"FLUSHALL"}, new Object[] {"KEYS", "*"},
                        new Object[] {"XACK", KEYS.jobsStream(), "inference", "0-1"},
                        new Object[] {"XADD", KEYS.deadLetterStream(), "*", "forged", "1"},
                        new Object[] {"PUBLISH", "other-app:events", "forged"},
                        new Object[] {"SET", "other-app:secret", "x"}),
                "inference", List.of(new Object[] {"ZINCRBY", KEYS.frequency(LocalDate.now(ZoneOffset.UTC)), "1", "x"},
                        new Object[] {"SET", KEYS.warmerModel(), "x"}, new Object[] {"CONFIG", "GET", "requirepass"}),
                "warmer", List.of(new Object[] {"PUBLISH", KEYS.doneChannel(), "forged"},
                        new Object[] {"XACK", KEYS.jobsStream(), "inference", "0-1"},
                        new Object[] {"DEL", KEYS.jobsStream()}),
                "lagReader", List.of(new Object[] {"GET", "cc:res:any"},
                        new Object[] {"XADD", KEYS.jobsStream(), "*", "forged", "1"},
                        new Object[] {"XGROUP", "DESTROY", KEYS.jobsStream(), "inference"}));
        try {
            attacks.forEach((user, commands) -> {
                try (RespClient client = as(user)) {
                    for (Object[] command : commands) {
                        assertThatThrownBy(() -> client.run(command)).as(user + " " + String.join(" ", List.of(command)
                                .stream().map(String::valueOf).toList())).hasMessageContaining("NOPERM");
                    }
                }
            });
        } finally {
            try (RespClient admin = redis.client()) {
                admin.run("ACL", "LOG", "RESET"); // the other test reads what the services were refused
            }
        }
    }

    private static void chartEnvironmentAsProperties(String component, Map<String, String> config) {
        chartEnvironment(component).forEach((name, value) -> config.put(
                name.toLowerCase().replace("quarkus_redis_", "quarkus.redis.").replace('_', '-'), value));
    }
}
