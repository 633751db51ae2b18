package io.colorcache.protocol;

/** A stream entry or channel message that does not follow this protocol. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }
}
