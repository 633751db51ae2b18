package io.colorcache.inference.config;

import io.colorcache.protocol.KeySchema;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The shared key schema, under the configured prefix. */
public class KeySchemaProducer {

    @Produces
    @Singleton
    KeySchema keySchema(KeysConfig config) {
        return new KeySchema(config.prefix());
    }
}
