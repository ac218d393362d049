package dev.stowage.error;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a failure becomes words: the line the CLI prints after {@code Error: } and the app shows, and the
 * chain of causes the app's error details list. A {@link StowageException}'s message is already that line;
 * exceptions from the JDK and libraries are named as well as they allow.
 */
public final class ErrorText {
    private static final int MAX_CAUSES = 20;

    private ErrorText() {
    }

    /** The one line a user reads. */
    public static String oneLine(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) ex = u.getCause();
        if (ex instanceof StowageException) return ex.getMessage();
        if (ex instanceof NoSuchFileException e) return "no such file: " + e.getFile();
        if (ex instanceof AccessDeniedException e) return "permission denied: " + e.getFile();
        // a timeout is an InterruptedIOException too, but not a cancellation
        if (ex instanceof InterruptedIOException && !(ex instanceof SocketTimeoutException)) return "cancelled";
        if (ex instanceof IOException) return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    /** What led to the failure, outermost first, each cause once in words (repeats of the line above dropped). */
    public static List<String> causes(Throwable error) {
        List<String> out = new ArrayList<>();
        String previous = oneLine(error);
        for (Throwable c = error.getCause(); c != null && c != c.getCause() && out.size() < MAX_CAUSES; c = c.getCause()) {
            String line = oneLine(c);
            if (!previous.contains(line)) out.add(line);
            previous = line;
        }
        return out;
    }
}
