package io.colorcache.inference.worker;

import io.colorcache.inference.redis.DeadLetters;
import io.colorcache.inference.redis.JobStream;
import io.colorcache.protocol.FailureCode;
import io.colorcache.protocol.JobMessage;
import io.colorcache.protocol.MalformedMessageException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.stream.StreamMessage;
import java.time.Duration;
import java.util.Optional;

/**
 * What happens to a stream entry handed to this worker. Before it runs: an entry that is not a
 * job, or one delivered more than {@code max-attempts} times (each earlier delivery ended in a
 * crash or a hang), is dead-lettered and acknowledged; from the third delivery a job runs alone.
 * After it ran: acknowledged when done; dead-lettered and acknowledged when it failed for good or
 * used its last attempt; otherwise released for the next claim.
 */
final class DeliveryPolicy {

    /** From this delivery on, a job runs alone in the pipeline. */
    private static final int ISOLATE_FROM_DELIVERY = 3;

    private final JobStream stream;
    private final DeadLetters deadLetters;
    private final JobProcessor processor;
    private final String group;
    private final String consumer;
    private final int maxAttempts;
    private final Duration visibilityTimeout;

    DeliveryPolicy(JobStream stream, DeadLetters deadLetters, JobProcessor processor, String group, String consumer,
            int maxAttempts, Duration visibilityTimeout) {
        this.stream = stream;
        this.deadLetters = deadLetters;
        this.processor = processor;
        this.group = group;
        this.consumer = consumer;
        this.maxAttempts = maxAttempts;
        this.visibilityTimeout = visibilityTimeout;
    }

    /** A delivery to run, and whether it must run alone. */
    record Admitted(Delivery delivery, boolean alone) {
    }

    /** The delivery to run; empty when the entry was refused (dead-lettered and acknowledged). */
    Optional<Admitted> admit(StreamMessage<String, String, String> entry, boolean redelivered) {
        String key = entry.key();
        JobMessage job;
        try {
            job = JobMessage.fromFields(entry.payload());
        } catch (MalformedMessageException e) {
            Log.errorf("Stream entry %s on %s is not a job (%s); moved to the dead-letter stream",
                    entry.id(), key, e.getMessage());
            deadLetter(key, entry.id(), entry, FailureCode.INTERNAL, e.getMessage());
            return Optional.empty();
        }
        int deliveries = redelivered ? stream.deliveries(key, group, entry.id()) : 1;
        if (deliveries > maxAttempts) {
            deadLetter(key, entry.id(), entry, FailureCode.INTERNAL, processor.giveUp(job, deliveries - 1));
            return Optional.empty();
        }
        // Two deliveries of this job never ended: it may be what killed a worker. Run it alone,
        // so if it does so again it takes no other job down with it.
        return Optional.of(new Admitted(new Delivery(key, entry.id(), entry.payload(), job),
                deliveries >= ISOLATE_FROM_DELIVERY));
    }

    /** Once per delivery, when its attempt has ended. */
    void ended(Delivery delivery, JobProcessor.Outcome outcome) {
        if (outcome.ok()) {
            stream.ack(delivery.stream(), group, delivery.entryId());
        } else if (outcome.code().isPermanent()) {
            deadLetters.add(delivery.fields(), delivery.stream(), delivery.entryId(), outcome.code().token(),
                    outcome.error());
            stream.ack(delivery.stream(), group, delivery.entryId());
        } else {
            int attempts = stream.deliveries(delivery.stream(), group, delivery.entryId());
            if (attempts >= maxAttempts) {
                deadLetters.add(delivery.fields(), delivery.stream(), delivery.entryId(),
                        FailureCode.INTERNAL.token(), processor.giveUp(delivery.job(), attempts));
                stream.ack(delivery.stream(), group, delivery.entryId());
            } else {
                stream.releaseForRetry(delivery.stream(), group, consumer, delivery.entryId(), visibilityTimeout);
            }
        }
    }

    private void deadLetter(String key, String entryId, StreamMessage<String, String, String> entry, FailureCode code,
            String error) {
        deadLetters.add(entry.payload(), key, entryId, code.token(), error);
        stream.ack(key, group, entryId);
    }
}
