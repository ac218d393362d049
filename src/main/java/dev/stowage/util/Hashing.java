package dev.stowage.util;

import dev.stowage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** sha256 of a stream, read to its end in large chunks. */
public final class Hashing {
    private static final int CHUNK = 1 << 20;
    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-hash");
        t.setDaemon(true);
        return t;
    });

    private Hashing() {
    }

    /**
     * Reads {@code in} to its end and returns its sha256. The hashing runs on a second thread while the next chunk is
     * read, so a stream that costs CPU to read (a decompressor) and SHA-256 (about 1.5 GB/s) use two cores.
     */
    public static Digest sha256(InputStream in) throws IOException {
        Sha256 md = Sha256.create();
        byte[][] buffers = {new byte[CHUNK], new byte[CHUNK]};
        int current = 0;
        Future<?> pending = null;
        try {
            while (true) {
                byte[] buf = buffers[current];
                int n = in.readNBytes(buf, 0, CHUNK);
                await(pending);
                pending = null;
                if (n == 0) break;
                if (n < CHUNK) { // the last chunk: no reason to hand it over
                    md.update(buf, 0, n);
                    break;
                }
                pending = HASHERS.submit(() -> md.update(buf, 0, CHUNK));
                current = 1 - current;
            }
        } finally {
            if (pending != null) {
                pending.cancel(false);
                try {
                    pending.get();
                } catch (Exception ignored) {
                    // already failing; only make sure the hasher is done with the buffer
                }
            }
        }
        return md.digest();
    }

    private static void await(Future<?> f) throws IOException {
        if (f == null) return;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        }
    }

    /** The diffID of a layer blob: sha256 of its bytes after undoing any compression. */
    public static Digest diffId(InputStream blob, String what) throws IOException {
        return sha256(Compressors.openDecompressed(blob, what));
    }
}
