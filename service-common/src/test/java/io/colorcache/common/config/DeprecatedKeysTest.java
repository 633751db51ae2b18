package io.colorcache.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared keys win; the per-service keys they replaced still work for one release, and are named. */
class DeprecatedKeysTest {

    @Test
    void anOldKeyStillGivesItsValueAndIsRemembered() {
        JobsConfig jobs = config(Map.of("colorcache.warmer.worker-group", "old-workers",
                "colorcache.gateway.stream-max-len", "6500")).getConfigMapping(JobsConfig.class);
        assertThat(jobs.group()).isEqualTo("old-workers");
        assertThat(jobs.streamMaxLen()).isEqualTo(6500);
        assertThat(DeprecatedKeys.used()).containsEntry("colorcache.warmer.worker-group", "colorcache.jobs.group")
                .containsEntry("colorcache.gateway.stream-max-len", "colorcache.jobs.stream-max-len");
    }

    @Test
    void theSharedKeyWinsOverAnOldOne() {
        InputsConfig inputs = config(Map.of("colorcache.inputs.max-pixels", "1000",
                "colorcache.gateway.max-pixels", "2000", "colorcache.worker.max-pixels", "3000"))
                .getConfigMapping(InputsConfig.class);
        assertThat(inputs.maxPixels()).isEqualTo(1000);
    }

    @Test
    void anOldKeyIsNoUnknownPropertyOfTheMappingThatDroppedIt() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new MapBackedConfigSource("test", Map.of("colorcache.gateway.max-pixels", "2000",
                        "colorcache.gateway.deadline", "5s"), 500) {
                })
                .withInterceptors(new DeprecatedKeys())
                .withMapping(Front.class)
                .withMapping(InputsConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .build();
        assertThat(config.getConfigMapping(Front.class).deadline()).hasSeconds(5);
        assertThat(config.getConfigMapping(InputsConfig.class).maxPixels()).isEqualTo(2000);
    }

    /** A service's own group that no longer has the moved key. */
    @io.smallrye.config.ConfigMapping(prefix = "colorcache.gateway")
    interface Front {
        Duration deadline();
    }

    @Test
    void withNeitherTheDefaultHolds() {
        assertThat(config(Map.of()).getConfigMapping(JobsConfig.class).group()).isEqualTo("inference");
    }

    @Test
    void everyOldKeyReplacedLeadsToAKeyOfASharedGroup() {
        assertThat(DeprecatedKeys.REPLACED.keySet())
                .allMatch(key -> key.startsWith("colorcache.jobs.") || key.startsWith("colorcache.inputs."));
    }

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new MapBackedConfigSource("test", properties, 500) {
                })
                .withInterceptors(new DeprecatedKeys())
                .withMapping(JobsConfig.class)
                .withMapping(InputsConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's "1h", "7d"
                .build();
    }
}
