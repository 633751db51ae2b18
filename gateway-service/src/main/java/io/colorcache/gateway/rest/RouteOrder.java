package io.colorcache.gateway.rest;

/**
 * The order of the Vert.x routes that see a {@code /v1} request before RESTEasy does: each one
 * relies on those before it (a refused request is never read, a tenant is known before its limits).
 */
final class RouteOrder {

    /** {@link PathParameterFilter}: paths RESTEasy and Vert.x would match differently. */
    static final int PATH_PARAMETERS = Integer.MIN_VALUE;
    /** {@link Authenticator}. */
    static final int AUTHENTICATE = PATH_PARAMETERS + 1;
    /** {@link BodyLimitFilter}: a declared length over the limit. */
    static final int BODY_LIMIT = AUTHENTICATE + 1;
    /** {@link RequestRateLimit}. */
    static final int RATE_LIMIT = BODY_LIMIT + 1;
    /** {@link TenantUploadBytes}. */
    static final int TENANT_UPLOAD_BYTES = RATE_LIMIT + 1;
    /** {@link UploadBodyReader}. */
    static final int READ_BODY = TENANT_UPLOAD_BYTES + 1;

    private RouteOrder() {
    }
}
