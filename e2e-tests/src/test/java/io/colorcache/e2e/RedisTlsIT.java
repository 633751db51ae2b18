package io.colorcache.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.GeneratedImages;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.ServiceProcess;
import io.colorcache.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services on a TLS-only Redis, configured exactly as the chart renders them
 * ({@code redis.tls.enabled}): the chart's Redis environment of each service is read from
 * {@code helm template} and set on the process, the CA mounted where the chart mounts it replaced
 * by the test's own file.
 */
class RedisTlsIT {

    private static final String CA_MOUNT = "/etc/colorcache/redis-ca/";

    private static TestCertificates certificates;
    private static RedisServer redis;
    private static Path model;
    private static String version;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        assumeTrue(TestCertificates.available(), "openssl is not installed: the TLS tests are skipped");
        certificates = TestCertificates.create();
        try {
            redis = RedisServer.startTls(certificates);
        } catch (IllegalStateException noTls) {
            assumeTrue(false, "this redis-server has no TLS built in (" + noTls.getMessage().lines().findFirst()
                    .orElse("") + "): the TLS tests are skipped");
        }
        model = Files.createTempDirectory("colorcache-tls-model").resolve("demo.onnx");
        version = DemoModel.write(model, 64).substring(0, 12);
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void theServicesWorkOverTlsWithTheChartsConfiguration() {
        Map<String, String> environment = chartEnvironment("gateway", certificates.caCertificate());
        assertThat(environment).containsKeys("QUARKUS_REDIS_HOSTS", "QUARKUS_REDIS_TLS_CONFIGURATION_NAME",
                "QUARKUS_TLS_REDIS_TRUST_STORE_PEM_CERTS");
        assertThat(environment.get("QUARKUS_REDIS_HOSTS")).startsWith("rediss://");
        try (ServiceProcess worker = ServiceProcess.start("inference-tls", app("inference.app"), workerConfig(),
                List.of("-Xmx1g"), chartEnvironment("inference", certificates.caCertificate()));
                ServiceProcess gateway = ServiceProcess.start("gateway-tls", app("gateway.app"), modelConfig(),
                        List.of("-Xmx512m"), environment)) {
            byte[] photo = GeneratedImages.encode(GeneratedImages.gradient(96, 72, 4242), "jpeg");
            given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/colorize")
                    .then().statusCode(200).header("X-Cache", "miss");
            given().baseUri(gateway.baseUri()).contentType("image/jpeg").body(photo).post("/v1/colorize")
                    .then().statusCode(200);
            assertThat(worker.log()).contains("Using Redis");
        }
    }

    @Test
    void aServerCertificateFromAnotherCaStopsTheStartWithAClearError() {
        try (ServiceProcess gateway = ServiceProcess.launch("gateway-wrong-ca", app("gateway.app"), modelConfig(),
                List.of("-Xmx256m"), chartEnvironment("gateway", certificates.otherCaCertificate()))) {
            OptionalInt exit = gateway.awaitExit(Duration.ofSeconds(60));
            assertThat(exit).as("the gateway stops by itself").hasValue(1);
            assertThat(gateway.log()).contains("TLS to Redis at rediss://127.0.0.1:" + redis.tlsPort() + " failed")
                    .contains("quarkus.tls.<name>.trust-store.pem.certs");
        }
    }

    private static Path app(String property) {
        return Path.of(System.getProperty(property));
    }

    private static Map<String, String> modelConfig() {
        return Map.of("colorcache.model.id", "ddcolor-tls", "colorcache.model.version", version);
    }

    private static Map<String, String> workerConfig() {
        Map<String, String> config = new HashMap<>(modelConfig());
        config.put("colorcache.model.path", model.toString());
        config.put("colorcache.model.providers", "cpu");
        return config;
    }

    /** The chart's Redis environment for an external TLS Redis at this test's server, the CA path mapped to {@code ca}. */
    private static Map<String, String> chartEnvironment(String component, Path ca) {
        Map<String, String> environment = new HashMap<>(ChartEnvironment.redis(component, Map.of(
                "redis.mode", "external", "redis.external.host", "127.0.0.1",
                "redis.external.port", redis.tlsPort(), "redis.auth.enabled", "false", "redis.acl.enabled", "false",
                "redis.tls.enabled", "true", "redis.tls.caSecret", "redis-ca")));
        environment.replaceAll((name, value) -> value.startsWith(CA_MOUNT) ? ca.toString() : value);
        return environment;
    }
}
