package dev.stowage.util;

import java.io.IOException;

/** Decompressed data grew far beyond its compressed size; the message names the input. */
public final class CompressionBombException extends IOException {
    public CompressionBombException(String message) {
        super(message);
    }
}
