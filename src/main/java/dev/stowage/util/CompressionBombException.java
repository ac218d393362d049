package dev.stowage.util;

import java.io.IOException;

/**
 * Decompressed data grew far beyond its compressed size; the message names the input. An {@link IOException}, not a
 * {@link dev.stowage.error.StowageException}, as it is thrown from {@code InputStream.read}; {@link
 * dev.stowage.error.ErrorText} shows its message as it is.
 */
public final class CompressionBombException extends IOException {
    public CompressionBombException(String message) {
        super(message);
    }
}
