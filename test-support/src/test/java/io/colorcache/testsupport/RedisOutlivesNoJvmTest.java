package io.colorcache.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A test JVM killed with SIGKILL, as a crashed or timed-out fork is, leaves no redis-server behind. */
class RedisOutlivesNoJvmTest {

    /** The child test JVM: starts a server, says its pid and port, then waits to be killed. */
    public static final class HoldsARedis {
        public static void main(String[] args) throws InterruptedException {
            RedisServer server = RedisServer.start();
            System.out.println(server.pid() + " " + server.port());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(5));
        }
    }

    @Test
    void aKilledTestJvmTakesItsRedisServerWithIt() throws Exception {
        Process jvm = new ProcessBuilder(List.of(JavaBinary.path(), "-cp", System.getProperty("java.class.path"),
                HoldsARedis.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long redisPid;
        int port;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String[] line = out.readLine().split(" ");
            redisPid = Long.parseLong(line[0]);
            port = Integer.parseInt(line[1]);
        }
        assertThat(RedisServer.isListening(port)).isTrue();

        jvm.destroyForcibly();
        assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (isAlive(redisPid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(isAlive(redisPid)).as("redis-server %d outlived its killed test JVM", redisPid).isFalse();
        assertThat(RedisServer.isListening(port)).isFalse();
    }

    /** Alive and not a zombie waiting for its (dead) parent to reap it. */
    private static boolean isAlive(long pid) throws Exception {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!stat.toFile().exists()) {
            return false;
        }
        String[] fields = java.nio.file.Files.readString(stat).split("\\) ", 2);
        return fields.length == 2 && !fields[1].startsWith("Z");
    }
}
