package io.colorcache.warmer;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The warmer's command line, parsed by picocli, which also writes its {@code --help}. */
@Command(name = "cache-warmer", sortOptions = false, usageHelpAutoWidth = true,
        description = "Enqueues on the warm stream the photos whose results should be in the cache but are"
                + " not (missing, expiring, or computed by another model version), and prints a one-line JSON"
                + " summary. By default: the top K photos by time-decayed request count over the look-back"
                + " window.",
        footer = "Exit codes: 0 done; 1 Redis unreachable; 2 bad command line; 3 most jobs failed.")
final class WarmOptions {

    @Option(names = "--from-dir", paramLabel = "DIR",
            description = "preload the .jpg/.jpeg/.png/.tif/.tiff/.webp files under DIR instead")
    private Path fromDir;

    @Option(names = "--from-manifest", paramLabel = "FILE",
            description = "preload the images FILE lists, one path (relative to FILE) or http(s) URL per line")
    private Path manifest;

    @Option(names = "--top", paramLabel = "K", converter = Positive.class,
            description = "how many of the hottest photos to consider (default: colorcache.warmer.top-k)")
    private Integer top;

    @Option(names = "--dry-run", description = "print the plan; enqueue and store nothing")
    private boolean dryRun;

    @Option(names = "--wait", description = "wait for the enqueued jobs and report how they ended")
    private boolean await;

    @Option(names = "--create-api-key", paramLabel = "TENANT",
            description = "instead of warming: create an API key for TENANT, print it once (JSON on stdout) and"
                    + " append its line, which holds the key's SHA-256 and never the key, to --api-keys-file")
    private String createApiKey;

    @Option(names = "--api-keys-file", paramLabel = "FILE",
            description = "the gateway's key file (colorcache.auth.api-keys-file) that --create-api-key appends to")
    private Path apiKeysFile;

    @Option(names = "--limits", paramLabel = "SPEC",
            description = "the new key's limits and rights, comma-separated: name=value (rps, burst, gpu-per-day,"
                    + " upload-bytes) or a right (diagnostics), for example rps=20,gpu-per-day=500")
    private String limits;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private WarmOptions() {
    }

    /** @throws IllegalArgumentException for a command line that cannot be run, with the reason */
    static WarmOptions parse(String... args) {
        WarmOptions options = new WarmOptions();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (options.fromDir != null && options.manifest != null) {
            throw new IllegalArgumentException("--from-dir and --from-manifest cannot be combined");
        }
        if ((options.createApiKey == null) != (options.apiKeysFile == null)) {
            throw new IllegalArgumentException("--create-api-key and --api-keys-file go together");
        }
        if (options.limits != null && options.createApiKey == null) {
            throw new IllegalArgumentException("--limits belongs to --create-api-key");
        }
        if (options.createApiKey != null && (options.fromDir != null || options.manifest != null || options.dryRun
                || options.await || options.top != null)) {
            throw new IllegalArgumentException("--create-api-key does not warm: give it no warming options");
        }
        return options;
    }

    static String usage() {
        return new CommandLine(new WarmOptions()).getUsageMessage();
    }

    boolean dryRun() {
        return dryRun;
    }

    boolean await() {
        return await;
    }

    OptionalInt top() {
        return top == null ? OptionalInt.empty() : OptionalInt.of(top);
    }

    Optional<Path> fromDir() {
        return Optional.ofNullable(fromDir);
    }

    Optional<Path> manifest() {
        return Optional.ofNullable(manifest);
    }

    /** The tenant to create a key for, with the key file and the key's limits (empty string: none). */
    Optional<KeyRequest> createApiKey() {
        return createApiKey == null ? Optional.empty()
                : Optional.of(new KeyRequest(createApiKey, apiKeysFile, limits == null ? "" : limits));
    }

    record KeyRequest(String tenant, Path file, String limits) {
    }

    boolean help() {
        return help;
    }

    /** A positive number for {@code --top}. */
    static final class Positive implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("--top needs a positive number, not " + value);
        }
    }
}
