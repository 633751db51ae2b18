package io.colorcache.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisServerVersionTest {

    @Test
    void redisFromSixPointTwoIsSupported() {
        assertThat(RedisServerVersion.fromInfo(info("redis_version:6.2.6")).isSupported()).isTrue();
        assertThat(RedisServerVersion.fromInfo(info("redis_version:7.0.15")).isSupported()).isTrue();
        assertThat(RedisServerVersion.fromInfo(info("redis_version:10.0.0")).isSupported()).isTrue();
    }

    @Test
    void olderRedisIsRefusedNamingBothVersions() {
        RedisServerVersion old = RedisServerVersion.fromInfo(info("redis_version:6.0.20"));
        assertThat(old.isSupported()).isFalse();
        assertThat(old.refusal("127.0.0.1:6379"))
                .contains("Redis 6.0.20 at 127.0.0.1:6379 is older than Redis 6.2.0");
        assertThat(RedisServerVersion.fromInfo(info("redis_version:2.8.19")).isSupported()).isFalse();
    }

    @Test
    void valkeyIsJudgedByItsOwnVersion() {
        RedisServerVersion valkey = RedisServerVersion.fromInfo(info("redis_version:7.2.4", "valkey_version:8.0.1"));
        assertThat(valkey.product()).isEqualTo("Valkey");
        assertThat(valkey.version()).hasToString("8.0.1");
        assertThat(valkey.isSupported()).isTrue();
        assertThat(RedisServerVersion.fromInfo(info("redis_version:7.2.4", "valkey_version:7.1.9")).refusal("h:1"))
                .contains("Valkey 7.1.9 at h:1 is older than Valkey 7.2.0");
    }

    @Test
    void versionsCompareNumericallyAndTolerateSuffixes() {
        assertThat(RedisServerVersion.Version.parse("6.10.0")).isGreaterThan(RedisServerVersion.Version.parse("6.9.9"));
        assertThat(RedisServerVersion.Version.parse("7.4.0-rc1")).hasToString("7.4.0");
        assertThat(RedisServerVersion.Version.parse("7")).hasToString("7.0.0");
        assertThatThrownBy(() -> RedisServerVersion.fromInfo(info("os:Linux")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String info(String... fields) {
        return "# Server\r\n" + String.join("\r\n", fields) + "\r\nos:Linux 6.1.0 x86_64\r\n";
    }
}
