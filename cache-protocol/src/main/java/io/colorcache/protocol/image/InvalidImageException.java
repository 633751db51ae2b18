package io.colorcache.protocol.image;

/** An upload refused before anything is stored or queued (gateway, warmer), or before it is decoded (worker). */
public class InvalidImageException extends Exception {

    /** Why it was refused; the REST layer maps each reason to a status and a problem type. */
    public enum Reason {
        UNSUPPORTED_FORMAT,
        CORRUPT,
        TOO_MANY_PIXELS
    }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
