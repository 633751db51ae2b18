package io.colorcache.warmer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorcache.testsupport.RedisServer;
import io.colorcache.testsupport.RespClient;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each launch is a whole run of the command-mode app against a real Redis. */
@QuarkusMainTest
class WarmCommandTest {

    private static RedisServer redisServer;

    @BeforeAll
    static void startRedis() {
        redisServer = RedisServer.start();
        System.setProperty("quarkus.redis.hosts", redisServer.uri());
    }

    @AfterAll
    static void stopRedis() {
        System.clearProperty("quarkus.redis.hosts");
        redisServer.close();
    }

    private static final String HOT = "a".repeat(64);
    private static final String WARM = "b".repeat(64);
    private static final String LUKEWARM = "c".repeat(64);

    @Test
    void plansTheMostRequestedColdPhotosOverTheWindow(QuarkusMainLauncher launcher) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String todayKey = "cc:freq:" + today.format(DateTimeFormatter.BASIC_ISO_DATE);
        String yesterdayKey = "cc:freq:" + today.minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);
        try (RespClient redis = redisServer.client()) {
            redis.call("ZADD", todayKey, "5", HOT, "9", WARM, "1", LUKEWARM);
            redis.call("ZADD", yesterdayKey, "7", HOT);
            redis.call("SET", "cc:res:ddcolor-test@0123abcd:jpeg:" + WARM, "x");
        }

        LaunchResult result = launcher.launch("--dry-run", "--top", "2");

        assertThat(result.exitCode()).isZero();
        String line = result.getOutputStream().stream().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        JsonNode summary = new ObjectMapper().readTree(line);
        assertThat(summary.get("model").asText()).isEqualTo("ddcolor-test@0123abcd");
        assertThat(summary.get("candidates").asInt()).as("top 2 of 3: HOT (12) and WARM (9)").isEqualTo(2);
        assertThat(summary.get("alreadyWarm").asInt()).isEqualTo(1);
        assertThat(summary.get("coldSha256").get(0).asText()).isEqualTo(HOT);
    }

    @Test
    void redisUnreachableExitsWith1(QuarkusMainLauncher launcher) {
        redisServer.kill();
        try {
            LaunchResult result = launcher.launch("--dry-run");
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.getOutput()).contains("redis-unreachable");
        } finally {
            redisServer.restart();
        }
    }

    @Test
    void aBadCommandLineExitsWith2(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--top", "zero");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--top needs a positive number");
    }
}
