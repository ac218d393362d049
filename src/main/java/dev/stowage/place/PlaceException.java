package dev.stowage.place;

import dev.stowage.error.StowageException;

/** A place name that cannot be opened, an image not found there, or an image a place cannot hold. */
public class PlaceException extends StowageException {
    public PlaceException(String message) {
        super(message);
    }

    public PlaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
