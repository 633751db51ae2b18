package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.HitJobIds;
import io.colorcache.gateway.redis.JobStates;
import io.colorcache.protocol.KeySchema;
import io.colorcache.protocol.ModelRef;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code POST /v1/jobs}: a photo whose result is cached is answered at once with a job already
 * done; any other joins the job computing it, or starts one.
 */
@ApplicationScoped
public class JobSubmissions {

    private final TieredResults results;
    private final JobSubmitter submitter;
    private final JobStates states;
    private final KeySchema keys;
    private final ModelRef model;
    private final DemandRecorder demand;
    private final PhotoAccess access;
    private final HitJobIds hitJobIds;

    public JobSubmissions(TieredResults results, JobSubmitter submitter, JobStates states, KeySchema keys,
            ModelRef model, DemandRecorder demand, PhotoAccess access, HitJobIds hitJobIds) {
        this.results = results;
        this.submitter = submitter;
        this.states = states;
        this.keys = keys;
        this.model = model;
        this.demand = demand;
        this.access = access;
        this.hitJobIds = hitJobIds;
    }

    /**
     * A submission: the job's id, and whether it was answered from the cache (only where the
     * client may be told: it uploaded the photo before, or has the diagnostics right).
     */
    public record Accepted(String jobId, String resultKey, boolean fromCache) {
    }

    public Uni<Accepted> submit(AcceptedUpload upload) {
        demand.record(upload.sha256(), upload.upload());
        String resultKey = keys.result(model, upload.format(), upload.sha256());
        return Uni.combine().all().unis(access.uploaded(upload.tenant(), upload.sha256()), results.exists(resultKey))
                .asTuple().chain(disclosedAndHit -> {
                    if (disclosedAndHit.getItem2()) {
                        // One record per tenant and cached result, however often it is asked for.
                        return hitJobIds.idFor(upload.tenant().id(), resultKey)
                                .call(jobId -> states.recordDone(jobId, resultKey, upload.sha256(), upload.format()))
                                .map(jobId -> new Accepted(jobId, resultKey, disclosedAndHit.getItem1()));
                    }
                    return submitter.submit(resultKey, upload).map(s -> new Accepted(s.jobId(), resultKey, false));
                });
    }
}
