package dev.stowage.util;

import java.io.InputStream;

/** Counts the bytes read through it. */
public final class CountingInputStream extends ObservingInputStream {
    private long count;

    public CountingInputStream(InputStream in) {
        super(in);
    }

    public long count() {
        return count;
    }

    @Override
    protected void observe(byte[] b, int off, int len) {
        count += len;
    }
}
