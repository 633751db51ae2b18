package io.colorcache.warmer;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The warmer's command line.
 *
 * @param dryRun   print the plan without enqueueing or storing anything
 * @param await    wait for the enqueued jobs and report how they ended
 * @param top      how many of the hottest photos to consider; empty means the configured top-k
 * @param fromDir  preload the JPEG and PNG files of this folder instead of the frequency run
 * @param manifest preload the images a manifest lists instead of the frequency run
 * @param help     print usage and exit
 */
record WarmOptions(boolean dryRun, boolean await, OptionalInt top, Optional<Path> fromDir, Optional<Path> manifest,
        boolean help) {

    static final String USAGE = """
            usage: cache-warmer [--dry-run] [--wait] [--top K] [--from-dir DIR | --from-manifest FILE]
              Enqueues on the warm stream the photos whose results should be in the cache but are not
              (missing, expiring, or computed by another model version), and prints a one-line JSON summary.
              By default: the top K photos by time-decayed request count over the look-back window.
              --from-dir DIR        preload the .jpg/.jpeg/.png files under DIR instead
              --from-manifest FILE  preload the images FILE lists, one path (relative to FILE) or http(s) URL per line
              --top K               how many of the hottest photos to consider (default: colorcache.warmer.top-k)
              --dry-run             print the plan; enqueue and store nothing
              --wait                wait for the enqueued jobs and report how they ended
              Exit codes: 0 done; 1 Redis unreachable; 2 bad command line; 3 most jobs failed.
            """;

    static WarmOptions parse(String... args) {
        boolean dryRun = false;
        boolean await = false;
        boolean help = false;
        OptionalInt top = OptionalInt.empty();
        Optional<Path> fromDir = Optional.empty();
        Optional<Path> manifest = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--wait" -> await = true;
                case "--help", "-h" -> help = true;
                case "--top" -> top = OptionalInt.of(positive(value(args, ++i, "--top")));
                case "--from-dir" -> fromDir = Optional.of(Path.of(value(args, ++i, "--from-dir")));
                case "--from-manifest" -> manifest = Optional.of(Path.of(value(args, ++i, "--from-manifest")));
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        if (fromDir.isPresent() && manifest.isPresent()) {
            throw new IllegalArgumentException("--from-dir and --from-manifest cannot be combined");
        }
        return new WarmOptions(dryRun, await, top, fromDir, manifest, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--top needs a positive number, not " + value);
    }
}
