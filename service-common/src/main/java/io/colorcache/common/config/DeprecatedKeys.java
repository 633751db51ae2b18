package io.colorcache.common.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The per-service keys that the shared groups replaced, still read for one release: when a
 * shared key has no value, its old names are tried in order, and the one found is remembered so
 * that {@link DeprecatedKeysWarning} can name it at start-up. Registered through
 * {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
@Priority(Priorities.LIBRARY + 600)
public class DeprecatedKeys implements ConfigSourceInterceptor {

    /** Shared key to the keys it replaced. */
    static final Map<String, List<String>> REPLACED = Map.of(
            "colorcache.jobs.group", List.of(
                    "colorcache.gateway.worker-group", "colorcache.warmer.worker-group", "colorcache.worker.group"),
            "colorcache.jobs.ttl", List.of(
                    "colorcache.gateway.job-ttl", "colorcache.warmer.job-ttl", "colorcache.worker.job-ttl"),
            "colorcache.jobs.stream-max-len", List.of(
                    "colorcache.gateway.stream-max-len", "colorcache.warmer.stream-max-len"),
            "colorcache.inputs.max-bytes", List.of(
                    "colorcache.gateway.max-upload-bytes", "colorcache.warmer.max-image-bytes"),
            "colorcache.inputs.max-pixels", List.of(
                    "colorcache.gateway.max-pixels", "colorcache.warmer.max-pixels", "colorcache.worker.max-pixels"));

    private static final Set<String> OLD_NAMES = REPLACED.values().stream().flatMap(List::stream)
            .collect(Collectors.toUnmodifiableSet());

    /** Old key to the shared key it gave a value for, in this process. */
    private static final Map<String, String> USED = new ConcurrentHashMap<>();

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        List<String> oldNames = REPLACED.get(name);
        if (oldNames == null || isSet(value)) {
            return value;
        }
        for (String oldName : oldNames) {
            ConfigValue old = context.proceed(oldName);
            if (isSet(old)) {
                USED.put(oldName, name);
                return old.withName(name);
            }
        }
        return value;
    }

    /**
     * Every name but the old ones: those are read only through their replacements, and a
     * service's mapping, which no longer has them, would reject them as unknown.
     */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        List<String> names = new ArrayList<>();
        context.iterateNames().forEachRemaining(name -> {
            if (!OLD_NAMES.contains(name)) {
                names.add(name);
            }
        });
        return names.iterator();
    }

    /** Given by a configuration source, not only a mapping's default (whose source ranks lowest). */
    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && value.getConfigSourceOrdinal() > Integer.MIN_VALUE;
    }

    /** Each old key that gave a value in this process, to the shared key it stood for. */
    static Map<String, String> used() {
        return Map.copyOf(USED);
    }
}
