package io.colorcache.gateway.rest;

import io.colorcache.common.config.ResultsConfig;
import io.colorcache.gateway.service.ColorizedImage;
import io.colorcache.protocol.KeySchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Result images as HTTP answers: the bytes with their media type, an ETag derived from the result
 * key (a result never changes for its key), a long private max-age, and X-Cache.
 */
@ApplicationScoped
public class ImageResponses {

    private final String cacheControl;
    private final int resultKeyPrefixLength;

    public ImageResponses(ResultsConfig results, KeySchema keys) {
        this.cacheControl = "private, max-age=" + results.ttl().toSeconds() + ", immutable";
        this.resultKeyPrefixLength = (keys.prefix() + "res:").length();
    }

    public String etag(String resultKey) {
        return "\"" + resultKey.substring(resultKeyPrefixLength) + "\"";
    }

    public RestResponse<byte[]> ok(ColorizedImage image) {
        return RestResponse.ResponseBuilder.ok(image.bytes(), image.format().mediaType())
                .header(HttpHeaders.ETAG, etag(image.resultKey()))
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .header("X-Cache", image.cacheHeader())
                .build();
    }

    /** 304 for a client whose {@code If-None-Match} already names this result. */
    public RestResponse<byte[]> notModified(String resultKey) {
        return RestResponse.ResponseBuilder.<byte[]>create(RestResponse.Status.NOT_MODIFIED)
                .header(HttpHeaders.ETAG, etag(resultKey))
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .build();
    }

    public boolean matches(String ifNoneMatch, String resultKey) {
        if (ifNoneMatch == null) {
            return false;
        }
        String etag = etag(resultKey);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
