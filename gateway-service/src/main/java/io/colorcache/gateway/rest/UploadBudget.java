package io.colorcache.gateway.rest;

import io.colorcache.common.config.InputsConfig;
import io.colorcache.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory that request bodies and image answers may hold at once. A reservation starts small
 * and grows as bytes arrive (and by a result's size before it is written); each ask is granted at
 * once when it fits and nobody waits before it, otherwise later, in arrival order, on the event
 * loop that asked. Asks of reservations already under way (a body that goes on, an answer to
 * write) come before new uploads, so started work finishes first.
 */
@ApplicationScoped
public class UploadBudget {

    /** A body is held with the copies made while its array grows or its multipart framing is removed. */
    public static final int BYTES_PER_UPLOAD_BYTE = 2;

    private final long capacity;
    private final ArrayDeque<Ask> growing = new ArrayDeque<>();
    private final ArrayDeque<Ask> starting = new ArrayDeque<>();
    private long reserved;

    public UploadBudget(GatewayConfig config, InputsConfig inputs, MeterRegistry meters) {
        this.capacity = Math.max(config.uploads().maxBytesInFlight(), BYTES_PER_UPLOAD_BYTE * inputs.maxBytes());
        Gauge.builder("colorcache.gateway.uploads.reserved", this, UploadBudget::reservedBytes).baseUnit("bytes")
                .description("Bytes reserved by request bodies being read and image answers being written").register(meters);
        Gauge.builder("colorcache.gateway.uploads.waiting", this, UploadBudget::waitingCount)
                .description("Requests waiting for room, their body paused or their answer unwritten").register(meters);
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Asks for a first {@code bytes}: the reservation is {@link Reservation#grantedAtOnce() granted at
     * once}, or waits and {@code onLaterGrant} runs on the caller's Vert.x context once it is.
     * Release the reservation in every case.
     */
    public Reservation reserve(long bytes, Runnable onLaterGrant) {
        Reservation reservation = new Reservation();
        reservation.grantedAtOnce = ask(reservation, bytes, onLaterGrant, starting);
        return reservation;
    }

    private boolean ask(Reservation reservation, long bytes, Runnable onLaterGrant, ArrayDeque<Ask> queue) {
        synchronized (this) {
            if (reservation.released || reservation.pending != null) {
                throw new IllegalStateException("a reservation asks once at a time, and never after its release");
            }
            long fitting = Math.max(0, Math.min(bytes, capacity - reservation.held));
            boolean first = growing.isEmpty() && (queue == growing || starting.isEmpty());
            if (first && reserved + fitting <= capacity) {
                reserved += fitting;
                reservation.held += fitting;
                return true;
            }
            Ask ask = new Ask(reservation, fitting, Vertx.currentContext(), onLaterGrant);
            reservation.pending = ask;
            queue.addLast(ask);
            return false;
        }
    }

    synchronized long reservedBytes() {
        return reserved;
    }

    synchronized int waitingCount() {
        return growing.size() + starting.size();
    }

    /**
     * Ends the reservation (all of it, or only its waiting ask) and grants the waiting asks that
     * now fit; true when something ended here.
     */
    private boolean end(Reservation reservation, boolean onlyTheAsk) {
        List<Ask> granted = new ArrayList<>();
        synchronized (this) {
            if (reservation.released || (onlyTheAsk && reservation.pending == null)) {
                return false;
            }
            if (reservation.pending != null) {
                growing.remove(reservation.pending);
                starting.remove(reservation.pending);
                reservation.pending = null;
            }
            if (!onlyTheAsk) {
                reserved -= reservation.held;
                reservation.held = 0;
                reservation.released = true;
            }
            grantFitting(growing, granted);
            if (growing.isEmpty()) {
                grantFitting(starting, granted);
            }
        }
        for (Ask next : granted) {
            if (next.context == null) {
                next.onGrant.run();
            } else {
                next.context.runOnContext(ignored -> next.onGrant.run());
            }
        }
        return true;
    }

    private void grantFitting(ArrayDeque<Ask> queue, List<Ask> granted) {
        while (!queue.isEmpty() && reserved + queue.peekFirst().bytes <= capacity) {
            Ask next = queue.pollFirst();
            reserved += next.bytes;
            next.reservation.held += next.bytes;
            next.reservation.pending = null;
            granted.add(next);
        }
    }

    private record Ask(Reservation reservation, long bytes, Context context, Runnable onGrant) {
    }

    /** Bytes held and at most one ask waiting; state changes happen under the budget's lock. */
    public final class Reservation {

        private long held;
        private Ask pending;
        private boolean released;
        private boolean grantedAtOnce;

        private Reservation() {
        }

        /**
         * Asks for {@code bytes} more: true when granted at once, else {@code onLaterGrant} runs on
         * the caller's context once they are (unless {@link #withdraw() withdrawn} first).
         */
        public boolean grow(long bytes, Runnable onLaterGrant) {
            return ask(this, bytes, onLaterGrant, growing);
        }

        /** Gives every byte back, and stops any ask; idempotent. */
        public void release() {
            end(this, false);
        }

        /** Stops the waiting ask; true when one was waiting (its onGrant will not run). The bytes held stay. */
        public boolean withdraw() {
            return end(this, true);
        }

        /** True when {@link #reserve} granted the first ask before returning: onLaterGrant never runs then. */
        public boolean grantedAtOnce() {
            return grantedAtOnce;
        }

        /** The bytes this reservation holds now. */
        public long held() {
            synchronized (UploadBudget.this) {
                return held;
            }
        }
    }
}
