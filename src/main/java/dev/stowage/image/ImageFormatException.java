package dev.stowage.image;

import dev.stowage.error.StowageException;

/** Malformed image data or reference; the message is one line a user can act on. */
public class ImageFormatException extends StowageException {
    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
