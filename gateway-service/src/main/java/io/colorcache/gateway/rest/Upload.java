package io.colorcache.gateway.rest;

import io.colorcache.protocol.Sha256;

/** An upload's bytes with their SHA-256, the content address of everything derived from it. */
public record Upload(byte[] bytes, String sha256) {

    public static Upload of(byte[] bytes) {
        return new Upload(bytes, Sha256.hex(bytes));
    }
}
