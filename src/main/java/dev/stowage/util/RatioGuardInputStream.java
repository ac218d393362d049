package dev.stowage.util;

import java.io.IOException;
import java.io.InputStream;

/** Fails a decompressing stream whose output grows far beyond its input: a compression bomb. */
final class RatioGuardInputStream extends ObservingInputStream {
    private final CountingInputStream compressed;
    private final String what;
    private long produced;

    RatioGuardInputStream(InputStream decompressed, CountingInputStream compressed, String what) {
        super(decompressed);
        this.compressed = compressed;
        this.what = what;
    }

    @Override
    protected void observe(byte[] b, int off, int len) throws IOException {
        produced += len;
        if (produced > Compressors.BOMB_FLOOR && produced > Compressors.MAX_RATIO * Math.max(1, compressed.count())) {
            throw new CompressionBombException(what + " expands more than " + Compressors.MAX_RATIO
                    + " times its compressed size (a compression bomb?)");
        }
    }
}
