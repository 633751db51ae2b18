package io.colorcache.common.redis;

/** Fewer replicas than configured acknowledged a write in time: a failover now could lose it. */
public class NotDurableException extends RuntimeException {

    public NotDurableException(long acknowledged, int required) {
        super(acknowledged + " of the " + required + " replicas required acknowledged the job in time");
    }
}
