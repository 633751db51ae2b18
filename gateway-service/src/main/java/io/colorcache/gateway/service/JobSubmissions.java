package io.colorcache.gateway.service;

import io.colorcache.gateway.redis.JobStates;
import io.colorcache.protocol.JobIds;
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

    public JobSubmissions(TieredResults results, JobSubmitter submitter, JobStates states, KeySchema keys,
            ModelRef model, DemandRecorder demand) {
        this.results = results;
        this.submitter = submitter;
        this.states = states;
        this.keys = keys;
        this.model = model;
        this.demand = demand;
    }

    /** A submission: the job's id, and whether it was answered from the cache. */
    public record Accepted(String jobId, String resultKey, boolean fromCache) {
    }

    public Uni<Accepted> submit(AcceptedUpload upload) {
        demand.record(upload.sha256(), upload.upload());
        String resultKey = keys.result(model, upload.format(), upload.sha256());
        return results.exists(resultKey).chain(hit -> {
            if (hit) {
                String jobId = JobIds.next();
                return states.recordDone(jobId, resultKey, upload.sha256(), upload.format())
                        .replaceWith(new Accepted(jobId, resultKey, true));
            }
            return submitter.submit(resultKey, upload).map(s -> new Accepted(s.jobId(), resultKey, false));
        });
    }
}
