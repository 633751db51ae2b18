package io.colorcache.gateway.service;

/** The tenant has started as many computations today (UTC) as its limit allows. */
public class ComputationQuotaExceededException extends RuntimeException {

    private final long perDay;
    private final long retryAfterSeconds;

    public ComputationQuotaExceededException(String tenant, long perDay, long retryAfterSeconds) {
        super("tenant " + tenant + " has started its " + perDay + " computations of today (UTC); photos already"
                + " colorized are still served", null, false, false);
        this.perDay = perDay;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long perDay() {
        return perDay;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
