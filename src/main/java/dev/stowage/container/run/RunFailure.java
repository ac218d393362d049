package dev.stowage.container.run;

import dev.stowage.store.StoreException;

/**
 * A run that failed, with docker's exit code for it: 125 when Stowage (or the runtime) fails, 126 when the
 * command cannot be invoked, 127 when it is not found. The message is one line.
 */
public final class RunFailure extends StoreException {
    public static final int STOWAGE = 125;
    public static final int CANNOT_INVOKE = 126;
    public static final int NOT_FOUND = 127;

    private final int exitCode;

    public RunFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A runtime's own error, classified as docker's CLI classifies a start error. */
    public static RunFailure fromRuntime(String message) {
        String m = message.strip();
        if (m.contains("executable file not found") || m.contains("no such file or directory")) return new RunFailure(NOT_FOUND, m);
        if (m.contains("permission denied") || m.contains("cannot run executable file")) return new RunFailure(CANNOT_INVOKE, m);
        return new RunFailure(STOWAGE, m);
    }
}
