package io.colorcache.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}. {@code type} is a
 * stable URI per kind of problem (see {@link ProblemType}); {@code jobId} names the job when one
 * exists.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, String jobId) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
