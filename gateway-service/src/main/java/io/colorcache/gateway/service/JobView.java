package io.colorcache.gateway.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.colorcache.protocol.JobState;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A job as the API shows it.
 *
 * @param state         queued, running, done or failed
 * @param queuePosition for a queued job, how many entries wait before it (itself included, capped)
 * @param attempts      deliveries to a worker so far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record JobView(String id, String state, String sha256, String format, Long queuePosition, Integer attempts,
        Timings timings, Error error, Links links) {

    /** Epoch timestamps of the job's life; absent until they happen. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Timings(Instant enqueuedAt, Instant startedAt, Instant finishedAt) {
    }

    @RegisterForReflection
    public record Error(String code, String detail) {
    }

    @RegisterForReflection
    public record Links(String self, String result, String events) {
    }

    public boolean isFinal() {
        return JobState.fromToken(state).map(JobState::isFinal).orElse(false);
    }
}
