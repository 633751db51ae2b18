package io.colorcache.gateway.service;

import io.colorcache.protocol.OutputFormat;

/** A result ready to send: its bytes, encoding, key, and how it was obtained. */
public record ColorizedImage(byte[] bytes, OutputFormat format, String resultKey, Outcome outcome) {
}
