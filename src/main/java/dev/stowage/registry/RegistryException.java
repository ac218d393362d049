package dev.stowage.registry;

import dev.stowage.error.StowageException;

/** A registry operation that failed; the message is one line, never containing a secret. */
public class RegistryException extends StowageException {
    private final int status;
    private final String retryAfter;

    public RegistryException(String message) {
        this(message, 0, null);
    }

    public RegistryException(String message, int status, Throwable cause) {
        this(message, status, null, cause);
    }

    /** A failure the server answered with {@code status}, with its {@code Retry-After} header (or null). */
    public RegistryException(String message, int status, String retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status that caused it, or 0. */
    public int status() {
        return status;
    }

    /** The server's Retry-After with that status, or null. */
    public String retryAfter() {
        return retryAfter;
    }
}
