package io.colorcache.common.config;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/** Names, at start-up, each deprecated key this process still read (see {@link DeprecatedKeys}). */
@Singleton
public class DeprecatedKeysWarning {

    void warn(@Observes StartupEvent start) {
        DeprecatedKeys.used().forEach((oldName, name) -> Log.warnf(
                "Configuration key %s is deprecated and will be removed in the next release; set %s instead",
                oldName, name));
    }
}
