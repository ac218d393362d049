package dev.stowage.testing;

import java.io.IOException;
import java.util.Random;

/** Hands a byte array to a writer in pieces of random lengths (1..max), as a caller with odd buffer sizes would. */
public final class UnevenPieces {
    /** Takes {@code data[off..off+len)}. */
    public interface Writer {
        void write(byte[] data, int off, int len) throws IOException;
    }

    private UnevenPieces() {
    }

    public static void write(byte[] data, long seed, int max, Writer writer) throws IOException {
        Random cuts = new Random(seed);
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, 1 + cuts.nextInt(max));
            writer.write(data, at, n);
            at += n;
        }
    }
}
