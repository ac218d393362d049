package dev.stowage.error;

/**
 * The root of every failure Stowage reports itself: its message is one line a user can act on, in words, never
 * containing a secret; the cause, where there is one, is the lower-level failure that led to it.
 * {@link ErrorText} turns it (and any other throwable) into the CLI's {@code Error: …} line and the app's messages.
 */
public class StowageException extends RuntimeException {
    public StowageException(String message) {
        super(message);
    }

    public StowageException(String message, Throwable cause) {
        super(message, cause);
    }
}
