package dev.stowage.error;

import java.io.EOFException;
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
 * chain of causes the app's error details list, and the words a message gives for a library's exception. A {@link StowageException}'s message is already that line;
 * exceptions from the JDK and libraries are named as well as they allow.
 */
public final class ErrorText {
    private static final int MAX_CAUSES = 20;

    private ErrorText() {
    }

    /** The one line a user reads. */
    public static String oneLine(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) ex = u.getCause();
        if (ex instanceof StowageException && ex.getMessage() != null) return ex.getMessage();
        if (ex instanceof NoSuchFileException e) return "no such file: " + e.getFile();
        if (ex instanceof AccessDeniedException e) return "permission denied: " + e.getFile();
        if (isCancellation(ex)) return "cancelled";
        if (ex instanceof IOException) return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
    }

    /**
     * A library's exception as the end of a sentence that names what failed ({@code "archive is damaged: " +
     * describe(e)}): the first line of its message; a bare end-of-stream (no message) is named as truncation.
     */
    public static String describe(Exception e) {
        if (e.getMessage() != null) return firstLine(e.getMessage());
        return e instanceof EOFException ? "unexpected end of data (truncated?)" : e.getClass().getSimpleName();
    }

    /** The first line of a library's message, without surrounding blanks; "" for none. */
    public static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Whether the work was cancelled: a slow network (a socket timeout) arrives as an {@link InterruptedIOException} too. */
    public static boolean isCancellation(Throwable e) {
        return e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
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
