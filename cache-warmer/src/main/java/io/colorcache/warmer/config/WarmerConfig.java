package io.colorcache.warmer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.List;

/** What one warmer run considers, how fast it enqueues, and how much it may do. */
@ConfigMapping(prefix = "colorcache.warmer")
public interface WarmerConfig {

    /** How many of the highest-scoring photos a frequency run considers. */
    @WithDefault("100")
    int topK();

    /**
     * Half-life of a request's weight in the score: a request this long ago counts half as much as
     * one today. Days are whole UTC days; today's requests weigh 1.
     */
    @WithDefault("2d")
    Duration halfLife();

    /**
     * How many of each day's most requested photos are read. A photo outside every day's top this
     * many cannot enter the hot set; keep it well above top-k.
     */
    @WithDefault("10000")
    int perDayDepth();

    /** A result with less than this lifetime left counts as cold and is computed again. */
    @WithDefault("1d")
    Duration minTtl();

    /** Most warm jobs enqueued per second. */
    @WithDefault("20")
    double rate();

    /**
     * Enqueueing pauses while more interactive jobs than this wait undelivered for the workers
     * (the consumer group's lag on the interactive stream), so prewarming never competes with users.
     */
    @WithDefault("50")
    long pauseAboveLag();

    /** How often the interactive lag is read again while paused. */
    @WithDefault("1s")
    Duration lagPollInterval();

    /** The limits of one run. */
    Budget budget();

    interface Budget {
        /** Most jobs one run enqueues; the rest are reported as skipped for budget. */
        @WithDefault("1000")
        int maxJobs();

        /** Longest one run spends enqueueing, pauses included; the rest are skipped for budget. */
        @WithDefault("30m")
        Duration maxDuration();
    }

    /** With --wait: how long to wait for the enqueued jobs before reporting those still unfinished. */
    @WithDefault("30m")
    Duration waitTimeout();

    /**
     * The run fails (exit code 3) when more than this share of its jobs failed: could not be
     * enqueued or, with --wait, ended failed.
     */
    @WithDefault("0.5")
    double failRatio();

    /** Time allowed to download one manifest URL, from request to last byte. */
    @WithDefault("30s")
    Duration downloadTimeout();

    /**
     * Hosts a manifest's URLs may name (exact names, or {@code *.example.com} for its
     * sub-domains); without any, a manifest may list files only.
     */
    Optional<List<String>> manifestHosts();
}
