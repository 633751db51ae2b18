package io.colorcache.gateway.service;

/** How a request ended, as counted in metrics; the first five also name the X-Cache header. */
public enum Outcome {
    HIT_L1("hit_l1", "hit"),
    HIT_L2("hit_l2", "hit"),
    /** Rendered by the worker from a near-duplicate's colours and the photo's own lightness. */
    NEAR("near", "near"),
    MISS("miss", "miss"),
    COALESCED("coalesced", "coalesced"),
    REJECTED("rejected", null),
    FAILED("failed", null);

    private final String metricTag;
    private final String cacheHeader;

    Outcome(String metricTag, String cacheHeader) {
        this.metricTag = metricTag;
        this.cacheHeader = cacheHeader;
    }

    public String metricTag() {
        return metricTag;
    }

    /** Value of {@code X-Cache}: hit, near, miss or coalesced. */
    public String cacheHeader() {
        return cacheHeader;
    }
}
