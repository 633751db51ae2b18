package io.colorcache.gateway.service;

import io.colorcache.common.redis.PhotoJobs;
import io.colorcache.common.redis.UploadLifetimes;
import io.colorcache.gateway.auth.Tenant;
import io.colorcache.gateway.config.AuthConfig;
import io.colorcache.gateway.redis.ErasureBroadcast;
import io.colorcache.gateway.redis.NearEntries;
import io.colorcache.gateway.redis.PhotoHolders;
import io.colorcache.gateway.redis.RequestFrequencies;
import io.colorcache.gateway.redis.ResultCache;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.colorcache.protocol.OutputFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/**
 * Erasure: a tenant ends its hold on a photo; when its hold was the last, the photo goes: its
 * upload, its result in every format and its near-duplicate data (of the running model), its
 * request counts, the records and stream entries of its jobs that have ended, every gateway's L1
 * copy, and last its holders. Every gateway forgets the holds it remembered (PhotoAccess). A
 * tenant that does not hold the photo changes nothing, so a retry is safe and nobody erases what
 * others computed or uploaded.
 */
@ApplicationScoped
public class PhotoErasure {

    private final PhotoHolders holders;
    private final PhotoAccess access;
    private final boolean shared;
    private final UploadLifetimes uploads;
    private final ResultCache results;
    private final NearEntries near;
    private final RequestFrequencies frequencies;
    private final PhotoJobs jobs;
    private final ErasureBroadcast broadcast;
    private final L1Cache l1;
    private final KeySchema keys;
    private final ModelRef model;
    private final Counter released;
    private final Counter erased;

    public PhotoErasure(PhotoHolders holders, PhotoAccess access, AuthConfig auth, UploadLifetimes uploads,
            ResultCache results, NearEntries near, RequestFrequencies frequencies, PhotoJobs jobs,
            ErasureBroadcast broadcast, L1Cache l1, KeySchema keys, ModelRef model, MeterRegistry meters) {
        this.holders = holders;
        this.access = access;
        this.shared = auth.mode() == AuthConfig.Mode.NONE;
        this.uploads = uploads;
        this.results = results;
        this.near = near;
        this.frequencies = frequencies;
        this.jobs = jobs;
        this.broadcast = broadcast;
        this.l1 = l1;
        this.keys = keys;
        this.model = model;
        this.released = Counter.builder("colorcache.gateway.erasures").tag("scope", "tenant")
                .description("Erasure requests, by what they removed: one tenant's hold, or the whole photo")
                .register(meters);
        this.erased = Counter.builder("colorcache.gateway.erasures").tag("scope", "photo")
                .description("Erasure requests, by what they removed: one tenant's hold, or the whole photo")
                .register(meters);
    }

    void listen(@Observes StartupEvent event) {
        broadcast.onErasure((sha256, tenant) -> {
            if (tenant == null) {
                forgetHere(sha256);
            } else {
                access.forget(sha256, tenant);
            }
        });
    }

    /** Ends the tenant's hold on the photo, and erases the photo when nobody else holds it. */
    public Uni<Void> erase(Tenant tenant, String sha256) {
        if (shared) {
            return purge(sha256).invoke(() -> erased.increment());
        }
        access.forget(sha256, tenant.id());
        return holders.release(sha256, tenant.id()).chain(others -> {
            if (others < 0) {
                return Uni.createFrom().voidItem();
            }
            if (others > 0) {
                released.increment();
                return broadcast.announceRelease(sha256, tenant.id());
            }
            return purge(sha256).chain(() -> holders.forget(sha256)).invoke(() -> erased.increment());
        });
    }

    private Uni<Void> purge(String sha256) {
        List<Uni<Void>> deletions = new ArrayList<>();
        deletions.add(uploads.delete(sha256));
        for (OutputFormat format : OutputFormat.values()) {
            deletions.add(results.delete(keys.result(model, format, sha256)));
        }
        deletions.add(near.delete(model, sha256));
        deletions.add(frequencies.forget(sha256));
        deletions.add(jobs.eraseEnded(sha256));
        return Uni.join().all(deletions).andFailFast()
                .invoke(() -> forgetHere(sha256))
                .chain(() -> broadcast.announce(sha256));
    }

    /** Drops the photo from this process: its L1 copies and the holds remembered for it. */
    private void forgetHere(String sha256) {
        access.forget(sha256);
        for (OutputFormat format : OutputFormat.values()) {
            l1.invalidate(keys.result(model, format, sha256));
        }
    }
}
