package io.colorcache.gateway.service;

import io.colorcache.gateway.auth.Tenant;
import io.colorcache.protocol.OutputFormat;

/**
 * An upload that passed every check and is to be colorized: its bytes, their SHA-256, the
 * encoding the result is wanted in, the caller's trace context, and the tenant it came from.
 */
public record AcceptedUpload(byte[] upload, String sha256, OutputFormat format, String traceparent, Tenant tenant) {
}
