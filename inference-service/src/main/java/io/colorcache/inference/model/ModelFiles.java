package io.colorcache.inference.model;

import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Checks a model file against the configured model version. */
public final class ModelFiles {

    private ModelFiles() {
    }

    /** SHA-256 of a file, streamed. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return Sha256.hex(digest);
    }

    /**
     * @throws ModelFileException when the file is missing or its digest does not start with the
     *                            configured version
     */
    public static void verify(Path file, ModelRef model) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelFileException("model file " + file.toAbsolutePath()
                    + " does not exist or is not readable (colorcache.model.path)");
        }
        String digest;
        try {
            digest = sha256(file);
        } catch (IOException e) {
            throw new ModelFileException("cannot read model file " + file.toAbsolutePath(), e);
        }
        if (!model.matchesFileDigest(digest)) {
            throw new ModelFileException("model file " + file.toAbsolutePath() + " has SHA-256 " + digest
                    + ", which does not match the configured version " + model.version()
                    + " (colorcache.model.version); set it to " + digest.substring(0, 8)
                    + " if this file is the intended model");
        }
    }
}
