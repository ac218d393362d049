package dev.stowage.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** Telling a cancelled operation from a slow network: both arrive as {@link InterruptedIOException}. */
final class Cancellation {
    private Cancellation() {
    }

    static boolean isCancellation(IOException e) {
        return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
    }
}
