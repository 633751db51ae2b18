package io.colorcache.common.config;

import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The protocol objects built from the shared configuration. */
public class SharedBeans {

    @Produces
    @Singleton
    KeySchema keySchema(KeysConfig config) {
        return new KeySchema(config.prefix());
    }

    @Produces
    @Singleton
    ModelRef model(ModelConfig config) {
        return new ModelRef(config.id(), config.version());
    }
}
