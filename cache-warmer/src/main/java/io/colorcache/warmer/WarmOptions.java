package io.colorcache.warmer;

import java.util.OptionalInt;

/**
 * The warmer's command line: {@code [--dry-run] [--top K] [--help]}.
 *
 * @param dryRun print the plan without enqueueing (the only mode so far)
 * @param top    how many of the most requested photos to consider; empty means the configured top-k
 * @param help   print usage and exit
 */
record WarmOptions(boolean dryRun, OptionalInt top, boolean help) {

    static final String USAGE = """
            usage: cache-warmer [--dry-run] [--top K]
              Finds the most requested photos whose results are missing for the current model
              and prints a one-line JSON summary.
              --dry-run  print the plan without enqueueing anything (the only mode so far)
              --top K    how many of the most requested photos to consider (default: colorcache.warmer.top-k)
            """;

    static WarmOptions parse(String... args) {
        boolean dryRun = false;
        boolean help = false;
        OptionalInt top = OptionalInt.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--help", "-h" -> help = true;
                case "--top" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--top needs a number");
                    }
                    top = OptionalInt.of(positive(args[++i]));
                }
                default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return new WarmOptions(dryRun, top, help);
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
