package dev.stowage.util;

import java.io.EOFException;

/** Turning exceptions from libraries into one line for the user. */
public final class Errors {
    private Errors() {
    }

    /** The first line of an exception's message; a bare end-of-stream (no message) is named as truncation. */
    public static String describe(Exception e) {
        if (e.getMessage() != null) return firstLine(e.getMessage());
        return e instanceof EOFException ? "unexpected end of data (truncated?)" : e.getClass().getSimpleName();
    }

    public static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
