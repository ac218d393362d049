package dev.stowage.util;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails a decompressing stream whose output grows far beyond its input: a compression bomb. */
final class RatioGuardInputStream extends FilterInputStream {
    private final CountingInputStream compressed;
    private final String what;
    private long produced;

    RatioGuardInputStream(InputStream decompressed, CountingInputStream compressed, String what) {
        super(decompressed);
        this.compressed = compressed;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            produced += n;
            if (produced > Compressors.BOMB_FLOOR && produced > Compressors.MAX_RATIO * Math.max(1, compressed.count())) {
                throw new IOException(what + " expands more than " + Compressors.MAX_RATIO
                        + " times its compressed size (a compression bomb?)");
            }
        }
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
