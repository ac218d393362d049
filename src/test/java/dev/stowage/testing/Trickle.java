package dev.stowage.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Hands out reads of varying lengths up to a limit, as a slow or fragmenting source would. */
public final class Trickle extends FilterInputStream {
    private final int max;
    private int next = 1;

    public Trickle(InputStream in, int max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        next = next * 31 % max + 1;
        return super.read(b, off, Math.min(len, next));
    }
}
