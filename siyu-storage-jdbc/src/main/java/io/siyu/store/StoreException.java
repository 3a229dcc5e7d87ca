package io.siyu.store;

/** A storage failure, with a message fit to show to the user (what was tried and how to fix it). */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
