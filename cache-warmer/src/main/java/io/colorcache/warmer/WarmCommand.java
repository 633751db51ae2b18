package io.colorcache.warmer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colorcache.protocol.ApiKeys;
import io.colorcache.warmer.config.WarmerConfig;
import io.colorcache.warmer.service.PreloadSources;
import io.colorcache.warmer.service.RunSummary;
import io.colorcache.warmer.service.WarmRun;
import io.quarkus.logging.Log;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One warmer run. Prints a one-line JSON summary; the exit code tells a CronJob's history what
 * happened: 0 done, 1 Redis unreachable (or failing mid-run), 2 bad command line, 3 most jobs failed.
 */
@QuarkusMain
public class WarmCommand implements QuarkusApplication {

    static final int EXIT_OK = 0;
    static final int EXIT_REDIS_UNREACHABLE = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_MOSTLY_FAILED = 3;

    private final WarmRun warmRun;
    private final PreloadSources preloads;
    private final WarmerConfig config;
    private final ObjectMapper json;

    public WarmCommand(WarmRun warmRun, PreloadSources preloads, WarmerConfig config, ObjectMapper json) {
        this.warmRun = warmRun;
        this.preloads = preloads;
        this.config = config;
        this.json = json;
    }

    @Override
    public int run(String... args) throws JsonProcessingException, InterruptedException {
        WarmOptions options;
        WarmRun.Request request;
        try {
            options = WarmOptions.parse(args);
            request = options.help() || options.createApiKey().isPresent() ? null : request(options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(WarmOptions.usage());
            return EXIT_USAGE;
        }
        if (options.help()) {
            System.out.print(WarmOptions.usage());
            return EXIT_OK;
        }
        if (options.createApiKey().isPresent()) {
            return createApiKey(options.createApiKey().get());
        }
        RunSummary summary;
        try {
            summary = warmRun.run(request);
        } catch (RuntimeException e) {
            Log.errorf(e, "The warm run stopped: Redis failed");
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", "redis-unreachable");
            error.put("detail", String.valueOf(e.getMessage()));
            System.out.println(json.writeValueAsString(error));
            return EXIT_REDIS_UNREACHABLE;
        }
        System.out.println(json.writeValueAsString(summary.toMap()));
        return summary.mostlyFailed(config.failRatio()) ? EXIT_MOSTLY_FAILED : EXIT_OK;
    }

    /** Appends the new key's line to the file (created readable by its owner only) and prints the key once. */
    private int createApiKey(WarmOptions.KeyRequest request) throws JsonProcessingException {
        String key = ApiKeys.newKey();
        try {
            String line = ApiKeys.line(request.tenant(), key, request.limits()) + "\n";
            if (Files.notExists(request.file())) {
                Files.createFile(request.file(), PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(request.file(), line, StandardOpenOption.APPEND);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("cannot create the key: " + e.getMessage());
            return EXIT_USAGE;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("tenant", request.tenant());
        created.put("key", key);
        created.put("file", request.file().toString());
        System.out.println(json.writeValueAsString(created));
        return EXIT_OK;
    }

    private WarmRun.Request request(WarmOptions options) {
        int topK = options.top().orElse(config.topK());
        if (options.fromDir().isPresent()) {
            return new WarmRun.Request(WarmRun.Mode.DIRECTORY, preloads.fromDirectory(options.fromDir().get()), topK,
                    options.dryRun(), options.await());
        }
        if (options.manifest().isPresent()) {
            return new WarmRun.Request(WarmRun.Mode.MANIFEST, preloads.fromManifest(options.manifest().get()), topK,
                    options.dryRun(), options.await());
        }
        return new WarmRun.Request(WarmRun.Mode.FREQUENCY, List.of(), topK, options.dryRun(), options.await());
    }
}
