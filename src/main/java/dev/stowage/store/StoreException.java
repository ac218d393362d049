package dev.stowage.store;

import dev.stowage.error.StowageException;

/** A store operation that cannot be done; the message is one line for the user. */
public class StoreException extends StowageException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
