package dev.stowage.engine;

import dev.stowage.error.StowageException;

/** A failure talking to an engine, with a message fit for one line ({@code Error: …}); never carries a secret. */
public class EngineException extends StowageException {
    private final int status;

    public EngineException(String message) {
        this(message, 0);
    }

    public EngineException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the engine answered with, or 0 when it was not reached or answered in a stream. */
    public int status() {
        return status;
    }
}
