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
 * The memory that upload bodies may hold at once. A reservation is granted at once when it fits
 * and nobody waits before it, otherwise later, in arrival order, on the event loop that asked.
 */
@ApplicationScoped
public class UploadBudget {

    /** An upload is held with the answer it gets, a result of about its own size. */
    public static final int BYTES_PER_UPLOAD_BYTE = 2;

    private final long capacity;
    private final ArrayDeque<Reservation> waiting = new ArrayDeque<>();
    private long reserved;

    public UploadBudget(GatewayConfig config, InputsConfig inputs, MeterRegistry meters) {
        this.capacity = Math.max(config.uploads().maxBytesInFlight(), BYTES_PER_UPLOAD_BYTE * inputs.maxBytes());
        Gauge.builder("colorcache.gateway.uploads.reserved", this, UploadBudget::reservedBytes).baseUnit("bytes")
                .description("Bytes reserved by uploads being served: twice their Content-Length (upload and result)").register(meters);
        Gauge.builder("colorcache.gateway.uploads.waiting", this, UploadBudget::waitingCount)
                .description("Uploads waiting for room before their body is read").register(meters);
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Asks for {@code bytes}: the reservation is {@link Reservation#grantedAtOnce() granted at once}, or
     * waits and {@code onLaterGrant} runs on the caller's Vert.x context once it is. Release the
     * reservation in every case.
     */
    public Reservation reserve(long bytes, Runnable onLaterGrant) {
        Reservation reservation = new Reservation(Math.min(bytes, capacity), Vertx.currentContext(), onLaterGrant);
        synchronized (this) {
            if (waiting.isEmpty() && reserved + reservation.bytes <= capacity) {
                reserved += reservation.bytes;
                reservation.state = State.GRANTED;
                reservation.grantedAtOnce = true;
            } else {
                waiting.addLast(reservation);
            }
        }
        return reservation;
    }

    synchronized long reservedBytes() {
        return reserved;
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    /**
     * Ends the reservation (all of it, or only while it still waits) and grants the waiting ones
     * that now fit; true when it ended here.
     */
    private boolean end(Reservation reservation, boolean onlyIfWaiting) {
        List<Reservation> granted = new ArrayList<>();
        synchronized (this) {
            if (reservation.state == State.DONE || (onlyIfWaiting && reservation.state != State.WAITING)) {
                return false;
            }
            if (reservation.state == State.GRANTED) {
                reserved -= reservation.bytes;
            } else {
                waiting.remove(reservation);
            }
            reservation.state = State.DONE;
            while (!waiting.isEmpty() && reserved + waiting.peekFirst().bytes <= capacity) {
                Reservation next = waiting.pollFirst();
                reserved += next.bytes;
                next.state = State.GRANTED;
                granted.add(next);
            }
        }
        for (Reservation next : granted) {
            if (next.context == null) {
                next.onGrant.run();
            } else {
                next.context.runOnContext(ignored -> next.onGrant.run());
            }
        }
        return true;
    }

    private enum State { WAITING, GRANTED, DONE }

    /** Bytes asked for; state changes happen under the budget's lock. */
    public final class Reservation {

        private final long bytes;
        private final Context context;
        private final Runnable onGrant;
        private State state = State.WAITING;
        private boolean grantedAtOnce;

        private Reservation(long bytes, Context context, Runnable onGrant) {
            this.bytes = bytes;
            this.context = context;
            this.onGrant = onGrant;
        }

        /** Gives the bytes back, or stops waiting for them; idempotent. */
        public void release() {
            end(this, false);
        }

        /** Stops waiting if not granted yet; true when it was still waiting (onGrant will not run). */
        public boolean withdraw() {
            return end(this, true);
        }

        /** True when {@link #reserve} granted it before returning: onLaterGrant never runs then. */
        public boolean grantedAtOnce() {
            return grantedAtOnce;
        }
    }
}
