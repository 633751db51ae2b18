package io.colorcache.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The bench mains' command lines: {@code --name value} pairs and the given value-less flags. */
final class BenchArgs {

    private BenchArgs() {
    }

    static Map<String, String> parse(String[] args, String... flags) {
        Set<String> flagSet = Set.of(flags);
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (flagSet.contains(args[i])) {
                options.put(args[i], "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
        }
        return options;
    }
}
