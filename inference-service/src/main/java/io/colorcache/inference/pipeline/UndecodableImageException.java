package io.colorcache.inference.pipeline;

/** The upload is not an image this service can decode. A permanent failure: retrying won't help. */
public class UndecodableImageException extends Exception {

    public UndecodableImageException(String message) {
        super(message);
    }

    public UndecodableImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
