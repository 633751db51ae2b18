package io.colorcache.gateway.service;

import io.colorcache.gateway.config.GatewayConfig;
import io.colorcache.protocol.JobState;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/** {@code GET /v1/jobs/{id}/events}: a job's state as Server-Sent Events. */
@ApplicationScoped
public class JobEvents {

    private final JobViews views;
    private final GatewayConfig config;

    public JobEvents(JobViews views, GatewayConfig config) {
        this.views = views;
        this.config = config;
    }

    /**
     * The job now, then each change (each read while it is queued, whose position moves), until
     * it is done or failed. Redis is read at the re-check interval; the reads stop when the
     * client goes away.
     */
    public Multi<JobView> events(String jobId) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<String> last = new AtomicReference<>();
            return Multi.createBy().repeating()
                    .uni(() -> views.view(jobId).map(found -> found.orElseThrow(() -> JobUnavailableException.unknown(jobId))))
                    .withDelay(config.recheckInterval())
                    .whilst(view -> !view.isFinal())
                    .select().where(view -> !view.state().equals(last.getAndSet(view.state()))
                            || JobState.QUEUED.token().equals(view.state()));
        });
    }
}
