package dev.stowage.registry;

/** A registry operation that failed; the message is one line, never containing a secret. */
public class RegistryException extends RuntimeException {
    private final int status;

    public RegistryException(String message) {
        this(message, 0, null);
    }

    public RegistryException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status that caused it, or 0. */
    public int status() {
        return status;
    }
}
