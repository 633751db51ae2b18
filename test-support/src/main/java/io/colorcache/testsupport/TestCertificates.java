package io.colorcache.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A certificate authority and a server certificate for 127.0.0.1 signed by it, made by the
 * {@code openssl} command in a fresh folder, plus an unrelated second authority (a wrong CA).
 */
public record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey, Path otherCaCertificate) {

    /** Whether the {@code openssl} command is there to make them. */
    public static boolean available() {
        try {
            return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("colorcache-tls");
            Path extensions = dir.resolve("server.ext");
            Files.writeString(extensions, "subjectAltName=IP:127.0.0.1\n");
            authority(dir, "ca", "colorcache test CA");
            authority(dir, "other-ca", "some other CA");
            run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                    "-subj", "/CN=127.0.0.1");
            run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", extensions.toString());
            return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"),
                    dir.resolve("other-ca.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void authority(Path dir, String name, String commonName) {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key",
                "-out", name + ".crt", "-days", "2", "-subj", "/CN=" + commonName);
    }

    private static void run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
