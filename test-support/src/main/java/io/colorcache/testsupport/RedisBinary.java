package io.colorcache.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Which {@code redis-server} the tests run. The system property {@code colorcache.test.redis},
 * else the environment variable {@code COLORCACHE_TEST_REDIS}, says:
 * <ul>
 * <li>{@code auto} (the default): {@code redis-server} from PATH, else the bundled one;</li>
 * <li>{@code bundled}: the Redis 6.2 linux-amd64 binary that the
 * {@code com.github.codemonstur:embedded-redis} artifact ships, the oldest Redis Colorcache
 * supports;</li>
 * <li>a path to a {@code redis-server} binary.</li>
 * </ul>
 */
public final class RedisBinary {

    public static final String PROPERTY = "colorcache.test.redis";
    public static final String VARIABLE = "COLORCACHE_TEST_REDIS";
    private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";
    private static final String UNSUPPORTED = "redis-server-2.8.19";

    private static Path bundledCopy;
    private static Path unsupportedCopy;

    private RedisBinary() {
    }

    /** The binary the tests are configured to run. */
    public static Path configured() {
        String choice = Optional.ofNullable(System.getProperty(PROPERTY)).filter(s -> !s.isBlank())
                .orElseGet(() -> Optional.ofNullable(System.getenv(VARIABLE)).filter(s -> !s.isBlank()).orElse("auto"));
        return switch (choice) {
            case "auto" -> onPath("redis-server").orElseGet(RedisBinary::bundled);
            case "bundled" -> bundled();
            default -> {
                Path path = Path.of(choice);
                if (!Files.isExecutable(path)) {
                    throw new IllegalStateException(PROPERTY + "/" + VARIABLE + " = " + choice
                            + ": not auto, bundled or an executable redis-server");
                }
                yield path;
            }
        };
    }

    /** The embedded-redis artifact's Redis 6.2, copied out of its jar once per JVM. */
    public static synchronized Path bundled() {
        if (bundledCopy == null) {
            bundledCopy = extract(BUNDLED);
        }
        return bundledCopy;
    }

    /** The Redis 2.8 that the {@code it.ozimov:embedded-redis} artifact ships: older than Colorcache supports. */
    public static synchronized Path unsupported() {
        if (unsupportedCopy == null) {
            unsupportedCopy = extract(UNSUPPORTED);
        }
        return unsupportedCopy;
    }

    /** Copies an executable resource of the class path to a temporary file. */
    static Path extract(String resource) {
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            Path target = Files.createTempFile(resource, "");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            target.toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource, e);
        }
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
