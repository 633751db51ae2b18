package io.colorcache.inference.model;

/** The configured model file is missing, unreadable, of another version, or not DDColor's contract. */
public class ModelFileException extends RuntimeException {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
