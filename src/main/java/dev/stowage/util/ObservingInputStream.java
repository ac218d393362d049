package dev.stowage.util;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter that sees every byte that passes through it, once: single-byte reads and skips go through
 * {@link #read(byte[], int, int)}, so a subclass only implements {@link #observe}.
 */
public abstract class ObservingInputStream extends FilterInputStream {
    protected ObservingInputStream(InputStream in) {
        super(in);
    }

    /** Called with each chunk just read (never with an empty one). */
    protected abstract void observe(byte[] b, int off, int len) throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) observe(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        while (total < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - total));
            if (r < 0) break;
            total += r;
        }
        return total;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
