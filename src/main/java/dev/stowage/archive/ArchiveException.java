package dev.stowage.archive;

/** An archive that cannot be loaded or written; the message is one line naming the problem. */
public class ArchiveException extends RuntimeException {
    public ArchiveException(String message) {
        super(message);
    }

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
