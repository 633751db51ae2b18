package io.colorcache.warmer.service;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.protocol.ImageFormat;
import io.colorcache.protocol.JobIds;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.colorcache.protocol.Priority;
import io.colorcache.protocol.Sha256;
import io.colorcache.protocol.image.ImageInfo;
import io.colorcache.protocol.image.ImageInspector;
import io.colorcache.protocol.image.InvalidImageException;
import io.colorcache.warmer.config.WarmerConfig;
import io.colorcache.warmer.redis.InputStore;
import io.colorcache.warmer.redis.InteractiveLag;
import io.colorcache.warmer.redis.ResultPresence;
import io.colorcache.warmer.redis.WarmQueue;
import io.colorcache.warmer.redis.WarmerState;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One warmer run: the hot set (a frequency run, or first thing after a model upgrade) and the
 * images of a preload, each photo skipped when its result is warm, else enqueued on the warm
 * stream at the paced rate until the run's budget is spent.
 */
@ApplicationScoped
public class WarmRun {

    /** What to warm and how. */
    public record Request(Mode mode, List<PreloadSources.Source> preload, int topK, boolean dryRun, boolean await) {
    }

    public enum Mode {
        FREQUENCY("frequency"), DIRECTORY("dir"), MANIFEST("manifest");

        private final String token;

        Mode(String token) {
            this.token = token;
        }
    }

    /** The upload formats the gateway accepts. */

    private final HotSet hotSet;
    private final PreloadSources preloads;
    private final ResultPresence results;
    private final InputStore inputs;
    private final WarmQueue queue;
    private final InteractiveLag lag;
    private final WarmerState state;
    private final JobWaiter waiter;
    private final KeySchema keys;
    private final ModelRef model;
    private final WarmerConfig config;
    private final ImageInspector inspector;
    private final InputsConfig inputsConfig;
    private final Clock clock = Clock.systemUTC();

    public WarmRun(HotSet hotSet, PreloadSources preloads, ResultPresence results, InputStore inputs, WarmQueue queue,
            InteractiveLag lag, WarmerState state, JobWaiter waiter, KeySchema keys, ModelRef model,
            WarmerConfig config, InputsConfig inputsConfig) {
        this.hotSet = hotSet;
        this.preloads = preloads;
        this.results = results;
        this.inputs = inputs;
        this.queue = queue;
        this.lag = lag;
        this.state = state;
        this.waiter = waiter;
        this.keys = keys;
        this.model = model;
        this.config = config;
        this.inspector = new ImageInspector(inputsConfig.maxPixels());
        this.inputsConfig = inputsConfig;
    }

    public RunSummary run(Request request) throws InterruptedException {
        RunSummary summary = new RunSummary(request.mode().token, model.token(), request.dryRun());
        Session session = new Session(request, summary);
        Optional<String> last = state.lastModel();
        boolean upgraded = last.isPresent() && !last.get().equals(model.token());
        if (upgraded) {
            Log.infof("Model changed from %s to %s: the hot set is computed for the new version first",
                    last.get(), model.token());
            summary.modelUpgrade(last.get());
        }
        if (request.mode() == Mode.FREQUENCY || upgraded) {
            warmHotSet(session, request.topK());
        }
        for (PreloadSources.Source source : request.preload()) {
            preload(session, source);
        }
        summary.paused(session.pacer.pausedMillis());
        if (!request.dryRun()) {
            state.rememberModel(model.token());
            if (request.await() && !session.jobIds.isEmpty()) {
                waiter.await(session.jobIds, config.waitTimeout(), summary);
            }
        }
        return summary;
    }

    private void warmHotSet(Session session, int topK) throws InterruptedException {
        for (HotSet.Entry entry : hotSet.top(topK, LocalDate.now(clock))) {
            String sha = entry.sha256();
            if (!session.seen.add(sha)) {
                continue;
            }
            session.summary.candidate();
            Optional<byte[]> head = inputs.head(sha);
            if (head.isEmpty()) {
                boolean warm = false;
                for (OutputFormat format : OutputFormat.values()) {
                    warm |= results.isWarm(keys.result(model, format, sha), config.minTtl());
                }
                if (warm) {
                    session.alreadyWarm(sha, null, "frequency", entry.score());
                } else {
                    session.summary.skippedNoInput();
                    session.summary.plan(new RunSummary.PlanEntry(sha, null, "frequency", entry.score(), "no-input"));
                }
                continue;
            }
            OutputFormat format = outputFor(head.get());
            if (results.isWarm(keys.result(model, format, sha), config.minTtl())) {
                session.alreadyWarm(sha, format, "frequency", entry.score());
            } else {
                session.submit(sha, format, "frequency", entry.score(), null);
            }
        }
    }

    private void preload(Session session, PreloadSources.Source source) throws InterruptedException {
        byte[] image;
        try {
            image = preloads.read(source);
        } catch (PreloadSources.UnreadableImageException e) {
            session.summary.candidate();
            session.summary.failed(e.getMessage());
            return;
        }
        String sha = Sha256.hex(image);
        if (!session.seen.add(sha)) {
            return;
        }
        session.summary.candidate();
        ImageInfo info;
        try {
            info = inspector.inspect(image); // the gateway's checks: format, structure, pixels
        } catch (InvalidImageException e) {
            session.summary.failed(source.name() + ": " + e.getMessage());
            return;
        }
        OutputFormat format = info.format().defaultOutput();
        if (results.isWarm(keys.result(model, format, sha), config.minTtl())) {
            session.alreadyWarm(sha, format, source.name(), null);
        } else {
            session.submit(sha, format, source.name(), null, image);
        }
    }

    /** What a client without a preference gets for a stored upload, known by its first bytes. */
    private static OutputFormat outputFor(byte[] head) {
        return ImageFormat.sniff(head).map(ImageFormat::defaultOutput).orElse(OutputFormat.PNG);
    }

    /** The state of one run: pacing, budget, what was seen and enqueued. */
    private final class Session {
        final RunSummary summary;
        final boolean dryRun;
        final Pacer pacer;
        final Set<String> seen = new HashSet<>();
        final List<String> jobIds = new ArrayList<>();
        int planned;
        boolean outOfTime;

        Session(Request request, RunSummary summary) {
            this.summary = summary;
            this.dryRun = request.dryRun();
            long lagCap = config.pauseAboveLag() + 1;
            this.pacer = new Pacer(config.rate(), config.pauseAboveLag(), config.lagPollInterval(),
                    () -> lag.current(lagCap), config.budget().maxDuration());
        }

        void alreadyWarm(String sha, OutputFormat format, String source, Double score) {
            summary.alreadyWarm();
            summary.plan(new RunSummary.PlanEntry(sha, format == null ? null : format.token(), source, score, "warm"));
        }

        /** Enqueues a warm job; {@code image} is stored first when given, else the stored upload is kept alive. */
        void submit(String sha, OutputFormat format, String source, Double score, byte[] image)
                throws InterruptedException {
            boolean overBudget = outOfTime || planned >= config.budget().maxJobs();
            if (!overBudget && !dryRun && !pacer.awaitSlot()) {
                outOfTime = true;
                overBudget = true;
            }
            if (overBudget) {
                summary.skippedBudget();
                summary.plan(new RunSummary.PlanEntry(sha, format.token(), source, score, "budget"));
                return;
            }
            planned++;
            summary.plan(new RunSummary.PlanEntry(sha, format.token(), source, score, "enqueue"));
            if (dryRun) {
                return;
            }
            if (image != null) {
                inputs.keepAtLeast(sha, image, inputsConfig.retain().period());
            } else if (!inputs.extend(sha, inputsConfig.queuedTtl())) {
                planned--;
                summary.skippedNoInput();
                return;
            }
            String resultKey = keys.result(model, format, sha);
            JobMessage job = new JobMessage(JobIds.next(), resultKey, keys.input(sha), sha, format,
                    System.currentTimeMillis(), "", Priority.WARM, true);
            queue.enqueue(job, image != null ? image.length : 0);
            jobIds.add(job.jobId());
            summary.enqueued();
        }
    }
}
