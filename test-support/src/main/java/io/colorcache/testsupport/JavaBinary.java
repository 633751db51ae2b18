package io.colorcache.testsupport;

import java.nio.file.Path;

/** The {@code java} launcher for child processes: system property {@code java.bin}, else the running JVM's. */
final class JavaBinary {

    private JavaBinary() {
    }

    static String path() {
        String configured = System.getProperty("java.bin");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
