package dev.stowage.container;

import dev.stowage.store.StoreException;

/** A container operation that cannot be done; the message is one line for the user. */
public final class ContainerException extends StoreException {
    public ContainerException(String message) {
        super(message);
    }

    public ContainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
