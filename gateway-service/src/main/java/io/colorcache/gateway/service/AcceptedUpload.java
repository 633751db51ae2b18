package io.colorcache.gateway.service;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.protocol.OutputFormat;

/**
 * An upload that passed every check and is to be colorized: its bytes, their SHA-256, the
 * encoding the result is wanted in, the caller's trace context, the tenant it came from, and
 * whether a near-duplicate's colours may answer it (false for {@code match=exact}).
 */
public record AcceptedUpload(byte[] upload, String sha256, OutputFormat format, String traceparent, Tenant tenant,
        boolean nearAllowed) {

    /** The same upload with another trace context for its job. */
    public AcceptedUpload withTraceparent(String traceparent) {
        return new AcceptedUpload(upload, sha256, format, traceparent, tenant, nearAllowed);
    }
}
