package dev.stowage.ui.notify;

/**
 * One notification: a success or piece of news fades by itself; a failure stays until closed and keeps its cause
 * for the details (the cause chain in words).
 *
 * @param kind  how it is shown and whether it fades
 * @param text  the one line a user reads
 * @param cause what failed, for a failure; null otherwise
 */
public record Notice(Kind kind, String text, Throwable cause) {
    public enum Kind {
        SUCCESS, INFO, FAILURE;

        /** Successes and news fade; failures stay until the user closes them. */
        public boolean fades() {
            return this != FAILURE;
        }
    }
}
