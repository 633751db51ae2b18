package io.colorcache.protocol;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every Redis key and channel name of the system, under one configurable namespace prefix
 * (default {@code cc:}). Each command touches one key, so nothing here needs hash tags for
 * Redis Cluster.
 */
public final class KeySchema {

    public static final String DEFAULT_PREFIX = "cc:";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:{}-]{0,32}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final String prefix;

    public KeySchema(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("invalid key prefix (no spaces, at most 32 characters): " + prefix);
        }
        this.prefix = prefix;
    }

    public static KeySchema withDefaultPrefix() {
        return new KeySchema(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    /** {@code cc:res:{model}:{fmt}:{sha256}}: the encoded result image. */
    public String result(ModelRef model, OutputFormat format, String sha256) {
        return prefix + "res:" + model.token() + ":" + format.token() + ":" + requireSha(sha256);
    }

    /**
     * {@code cc:near:{model}:ab:{sha256}}: what a near-duplicate of the photo is rendered from, its
     * perceptual signature and the model's quantised ab output; lives as long as the result did
     * when it was written.
     */
    public String nearColors(ModelRef model, String sha256) {
        return prefix + "near:" + model.token() + ":ab:" + requireSha(sha256);
    }

    /**
     * {@code cc:near:{model}:b{band}:{value}}: the photos whose perceptual hash has this 16-bit value
     * in this band (0-3), each a member {@code <hash hex><sha256>} scored with when it expires (ms).
     */
    public String nearBand(ModelRef model, int band, int value) {
        if (band < 0 || band > 3 || value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("band 0-3, value 0-65535: " + band + ", " + value);
        }
        return prefix + "near:" + model.token() + ":b" + band + ":" + String.format("%04x", value);
    }

    /**
     * The model token inside a result key of this format and photo ({@code ddcolor-tiny@3f2a9c1b}
     * of {@code cc:res:ddcolor-tiny@3f2a9c1b:png:{sha256}}); empty when the key is not one.
     */
    public Optional<String> modelOfResult(String resultKey, OutputFormat format, String sha256) {
        String head = prefix + "res:";
        String tail = ":" + format.token() + ":" + sha256;
        if (resultKey == null || !resultKey.startsWith(head) || !resultKey.endsWith(tail)
                || resultKey.length() <= head.length() + tail.length()) {
            return Optional.empty();
        }
        return Optional.of(resultKey.substring(head.length(), resultKey.length() - tail.length()));
    }

    /** {@code cc:in:{sha256}}: the original upload bytes. */
    public String input(String sha256) {
        return prefix + "in:" + requireSha(sha256);
    }

    /** {@code cc:in:{sha256}:first}: when the upload was first stored (ms), for the retention cap. */
    public String inputFirstStored(String sha256) {
        return input(sha256) + ":first";
    }

    /**
     * {@code cc:holders:{sha256}}: the tenants that uploaded the photo, each scored with when its
     * hold ends (ms); a tenant may fetch the photo's results by hash only while it holds it.
     */
    public String holders(String sha256) {
        return prefix + "holders:" + requireSha(sha256);
    }

    /**
     * {@code cc:photo-jobs:{sha256}}: the ids of the jobs that name the photo, so that erasing it
     * also erases their records and stream entries; it lives as long as the newest job's record.
     */
    public String photoJobs(String sha256) {
        return prefix + "photo-jobs:" + requireSha(sha256);
    }

    /** {@code cc:jobs}: the interactive job stream. */
    public String jobsStream() {
        return prefix + "jobs";
    }

    /** {@code cc:jobs:warm}: the low-priority stream of the cache warmer. */
    public String warmJobsStream() {
        return prefix + "jobs:warm";
    }

    public String stream(Priority priority) {
        return priority == Priority.WARM ? warmJobsStream() : jobsStream();
    }

    /**
     * {@code {cc:jobs}:bytes}: the input bytes of the stream's jobs not yet acknowledged, kept
     * exact by {@link RedisScripts#ENQUEUE_COUNTED} and {@link RedisScripts#ACK_COUNTED}. The
     * stream's name is its hash tag (or the stream's own tag, under a prefix that has one), so
     * counter and stream share a slot in Redis Cluster.
     */
    public String queuedBytes(String stream) {
        int open = stream.indexOf('{');
        boolean tagged = open >= 0 && stream.indexOf('}', open + 1) > open + 1;
        return tagged ? stream + ":bytes" : "{" + stream + "}:bytes";
    }

    /** {@code cc:dead}: jobs that failed too often, with their last error. */
    public String deadLetterStream() {
        return prefix + "dead";
    }

    /** {@code cc:job:{id}}: the state hash of one job. */
    public String job(String jobId) {
        return prefix + "job:" + JobIds.require(jobId);
    }

    /** {@code cc:lock:{resultKey}}: the id of the one job computing {@code resultKey}. */
    public String lock(String resultKey) {
        return prefix + "lock:" + resultKey;
    }

    /** {@code cc:done}: the completion channel. */
    public String doneChannel() {
        return prefix + "done";
    }

    /**
     * {@code cc:cb:{tenant}:{jobId}}: set while the tenant's callback for a job is watched or
     * delivered, so repeats of one submission are called back once.
     */
    public String callbackClaim(String tenant, String jobId) {
        return prefix + "cb:" + requireTenant(tenant) + ":" + JobIds.require(jobId);
    }

    /**
     * {@code cc:secret:job-ids}: random bytes (hex), set once, from which every gateway derives
     * the job id of a cache hit, so one tenant's repeats of a cached photo share one job record and
     * nobody else can compute it.
     */
    public String jobIdSecret() {
        return prefix + "secret:job-ids";
    }

    /** {@code cc:erased}: SHA-256s of erased photos, for every gateway to drop them from L1. */
    public String erasedChannel() {
        return prefix + "erased";
    }

    /** {@code cc:freq:{yyyymmdd}}: request counts per photo for one day. */
    public String frequency(LocalDate day) {
        return prefix + "freq:" + DAY.format(day);
    }

    /** {@code cc:warmer:model}: the model token the cache warmer last warmed for; a change means an upgrade. */
    public String warmerModel() {
        return prefix + "warmer:model";
    }

    /** {@code cc:rate:{tenant}}: the tenant's request-rate state (GCRA: its theoretical arrival time, ms). */
    public String requestRate(String tenant) {
        return prefix + "rate:" + requireTenant(tenant);
    }

    /** {@code cc:gpu:{tenant}:{yyyymmdd}}: computations the tenant started that UTC day. */
    public String computations(String tenant, LocalDate day) {
        return prefix + "gpu:" + requireTenant(tenant) + ":" + DAY.format(day);
    }

    /**
     * {@code cc:upl:{tenant}}: the tenant's uploads being received, each member
     * {@code id:bytes} scored with when its reservation lapses (ms) should its gateway die.
     */
    public String uploadsInFlight(String tenant) {
        return prefix + "upl:" + requireTenant(tenant);
    }

    /**
     * {@code cc:probe:{instance}}: a write of one process whose replication it waits for
     * ({@code WAIT}); replication is ordered, so it covers every write the process made before.
     */
    public String replicationProbe(String instance) {
        return prefix + "probe:" + instance;
    }

    private static String requireTenant(String tenant) {
        if (tenant == null || !ApiKeys.TENANT_ID.matcher(tenant).matches()) {
            throw new IllegalArgumentException("not a tenant id: " + tenant);
        }
        return tenant;
    }

    private static String requireSha(String sha256) {
        if (!Sha256.isHex(sha256)) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        return sha256;
    }
}
