package io.colorcache.gateway.rest;

import io.colorcache.protocol.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An API key file for a test profile. Its path depends only on the name and the JVM, because
 * Quarkus loads a profile and its test in different class loaders, each with its own statics.
 */
final class TestKeyFile {

    private TestKeyFile() {
    }

    static Path path(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"),
                "colorcache-" + name + "-keys-" + ProcessHandle.current().pid() + ".txt");
    }

    /** {@code tenant:hash[:limits]} for the key, newline-terminated. */
    static String line(String tenant, String key, String limits) {
        return ApiKeys.line(tenant, key, limits) + "\n";
    }

    /** Replaces the file at once (write aside, then move), as a Secret volume changes. */
    static void write(Path file, String content) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, content);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
