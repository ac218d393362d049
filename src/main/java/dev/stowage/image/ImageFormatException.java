package dev.stowage.image;

/** Malformed image data or reference; the message is one line a user can act on. */
public class ImageFormatException extends RuntimeException {
    public ImageFormatException(String message) {
        super(message);
    }

    public ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
