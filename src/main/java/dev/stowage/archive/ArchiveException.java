package dev.stowage.archive;

import dev.stowage.error.StowageException;

/** An archive that cannot be loaded or written; the message is one line naming the problem. */
public class ArchiveException extends StowageException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
