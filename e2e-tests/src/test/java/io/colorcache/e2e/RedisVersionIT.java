package io.colorcache.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.colorcache.testsupport.CommandRun;
import io.colorcache.testsupport.DemoModel;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Every packaged service checks the Redis it is given at start-up and refuses one older than
 * Colorcache supports (a real Redis 2.8 here) with one log line naming both versions.
 */
class RedisVersionIT {

    private static final Path GATEWAY = Path.of(System.getProperty("gateway.app"));
    private static final Path INFERENCE = Path.of(System.getProperty("inference.app"));
    private static final Path WARMER = Path.of(System.getProperty("warmer.app"));

    @Test
    void theGatewayAndTheWorkerRefuseARedisOlderThanSixPointTwo() throws Exception {
        try (RedisServer old = RedisServer.startUnsupported()) {
            for (ServiceProcess service : List.of(
                    ServiceProcess.launch("gateway-service", GATEWAY, config(old), List.of("-Xmx256m")),
                    ServiceProcess.launch("inference-service", INFERENCE, inferenceConfig(old), List.of("-Xmx512m")))) {
                try (service) {
                    OptionalInt exit = service.awaitExit(Duration.ofSeconds(90));
                    assertThat(exit).as("%s should exit:%n%s", service, service.log()).hasValue(1);
                    assertRefusedOnce(service.log(), old);
                }
            }
        }
    }

    @Test
    void theWarmerRefusesItWithTheRedisExitCode() {
        try (RedisServer old = RedisServer.startUnsupported()) {
            CommandRun.Result run = CommandRun.run(WARMER, config(old), Duration.ofMinutes(2), "--dry-run");
            assertThat(run.exitCode()).isEqualTo(1);
            assertRefusedOnce(run.stdout() + run.stderr(), old);
        }
    }

    @Test
    void aSupportedServerIsNamedInTheLog() {
        try (RedisServer redis = RedisServer.start();
                ServiceProcess gateway = ServiceProcess.start("gateway-service", GATEWAY, config(redis),
                        List.of("-Xmx256m"))) {
            assertThat(gateway.log()).containsPattern("Using Redis (6\\.2|[7-9]\\.)[0-9.]+ at redis://127\\.0\\.0\\.1:"
                    + redis.port());
        }
    }

    private static void assertRefusedOnce(String log, RedisServer old) {
        String refusal = "Redis 2.8.19 at redis://127.0.0.1:" + old.port() + " is older than Redis 6.2.0";
        assertThat(log.lines().filter(line -> line.contains(refusal)).count())
                .as("one log line naming both versions in:%n%s", log).isEqualTo(1);
    }

    private static Map<String, String> config(RedisServer redis) {
        return Map.of("quarkus.redis.hosts", redis.uri(),
                "colorcache.model.id", "ddcolor-version-check",
                "colorcache.model.version", "0123abcd");
    }

    private static Map<String, String> inferenceConfig(RedisServer redis) throws Exception {
        Path model = Files.createTempDirectory("colorcache-version-it").resolve("demo.onnx");
        String version = DemoModel.write(model, 64).substring(0, 12);
        Map<String, String> config = new HashMap<>(config(redis));
        config.putAll(Map.of("colorcache.model.version", version, "colorcache.model.path", model.toString(),
                "colorcache.model.providers", "cpu"));
        return config;
    }
}
