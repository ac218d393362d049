package dev.stowage.store;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Compression;
import dev.stowage.image.Digest;
import dev.stowage.util.CompressionBombException;
import dev.stowage.util.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Copies a stream into a staging area in a single pass, hashing the bytes as stored and, when they are
 * compressed, decompressing them on the way to hash the content too. A layer from an archive or a
 * registry is thus read once: no recompression, no second read.
 *
 * <p>The work is a pipeline on up to four threads, so a single large layer keeps two cores busy: the caller reads
 * and writes the blob (its {@link BlobSink} hashes on a second thread) and hands each chunk to a decompressing
 * thread, which hands full buffers of decompressed bytes to a hashing thread ({@link Hashing#sha256}). At most
 * {@link #QUEUED} chunks wait between the caller and the decompressor, so memory stays bounded.
 */
final class Spooler {
    private static final int CHUNK = 256 * 1024;
    private static final int QUEUED = 16;
    private static final byte[] END = new byte[0];
    private static final ExecutorService DECOMPRESSORS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-spool-inflate");
        t.setDaemon(true);
        return t;
    });

    private Spooler() {
    }

    /** The diffID side: a digest, or why there is none. */
    private record DiffIdResult(Digest diffId, String error) {
    }

    static SpooledBlob spool(Staging staging, String name, InputStream in) throws IOException {
        try (BlobSink sink = staging.newSink()) {
            byte[] head = new byte[CHUNK];
            int headLen = read(in, head, 0, 16, true);
            Compression compression = Compression.detect(head, headLen);
            Pipe pipe = null;
            Future<DiffIdResult> diffIdTask = null;
            if (compression != Compression.NONE) {
                pipe = new Pipe();
                Pipe p = pipe;
                diffIdTask = DECOMPRESSORS.submit(() -> diffIdOf(p, name, compression));
            }
            try {
                // the first chunk: fill it up, then the rest chunk by chunk
                headLen += read(in, head, headLen, CHUNK - headLen, false);
                byte[] chunk = head;
                int len = headLen;
                while (len > 0) {
                    sink.write(chunk, 0, len);
                    if (pipe != null && pipe.put(chunk, len)) chunk = pipe.buffer();
                    len = read(in, chunk, 0, CHUNK, false);
                }
                if (pipe != null) pipe.end();
            } catch (IOException | RuntimeException | Error e) {
                if (pipe != null) pipe.abort();
                throw e;
            } finally {
                if (diffIdTask != null && pipe.aborted) awaitQuietly(diffIdTask);
            }
            DiffIdResult diffId = diffIdTask == null ? null : await(diffIdTask);
            BlobSink.Written written = sink.finish();
            Digest digest = staging.keep(written);
            Digest d = compression == Compression.NONE ? digest : diffId.diffId();
            return new SpooledBlob(name, digest, written.size(), compression, d, diffId == null ? null : diffId.error());
        }
    }

    /** Reads up to {@code len} bytes (all of them, or to the end of the input); a cancelled thread stops it. */
    private static int read(InputStream in, byte[] b, int off, int len, boolean all) throws IOException {
        int total = 0;
        while (total < len) {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled");
            int n = in.read(b, off + total, len - total);
            if (n < 0) break;
            total += n;
            if (!all && total >= len / 2) break; // large enough: do not wait for the network to fill it
        }
        return total;
    }

    /** The decompressing thread: the diffID of what comes through the pipe, or why it has none. */
    private static DiffIdResult diffIdOf(Pipe pipe, String name, Compression compression) throws IOException {
        try {
            return new DiffIdResult(Hashing.diffId(pipe, "'" + name + "'"), null);
        } catch (SourceFailed e) {
            throw e; // the caller has its own exception to throw
        } catch (InterruptedIOException e) {
            throw e;
        } catch (CompressionBombException e) {
            return new DiffIdResult(null, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new DiffIdResult(null, "'" + name + "' is not valid " + compression.displayName() + " data: " + ErrorText.describe(e));
        } finally {
            pipe.consumerDone();
        }
    }

    private static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    private static void awaitQuietly(Future<?> f) {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** Thrown to the decompressor when the caller gave up (its input failed or it was cancelled). */
    private static final class SourceFailed extends IOException {
        SourceFailed() {
            super("the input failed");
        }
    }

    /** A chunk in the pipe: {@code data[0..length)}. */
    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk LAST = new Chunk(END, 0);

    /**
     * Chunks from the caller to the decompressor, as an input stream. Buffers come back to the caller through a pool.
     * Once the consumer stops early (damaged data), further chunks are not taken.
     */
    private static final class Pipe extends InputStream {
        private final BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(QUEUED);
        private final BlockingQueue<byte[]> pool = new ArrayBlockingQueue<>(QUEUED + 2);
        private volatile boolean consumerDone;
        private volatile boolean aborted;
        private Chunk current;
        private int pos;
        private boolean ended;

        /** A free buffer for the next chunk. */
        byte[] buffer() {
            byte[] b = pool.poll();
            return b != null ? b : new byte[CHUNK];
        }

        /** Hands over {@code chunk[0..len)}; when it returns true the caller must not touch {@code chunk} again. */
        boolean put(byte[] chunk, int len) throws IOException {
            return offer(new Chunk(chunk, len));
        }

        void end() throws IOException {
            offer(LAST);
        }

        /** The caller gives up: the consumer fails with {@link SourceFailed} at its next read. */
        void abort() {
            aborted = true;
            chunks.clear();
            chunks.offer(LAST); // wakes a waiting consumer, which then sees aborted
        }

        void consumerDone() {
            consumerDone = true;
            chunks.clear(); // a producer waiting for room goes on
        }

        private boolean offer(Chunk c) throws IOException {
            try {
                while (!consumerDone) {
                    if (chunks.offer(c, 20, TimeUnit.MILLISECONDS)) return true;
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
        }

        private boolean next() throws IOException {
            if (ended) return false;
            if (current != null && current.data().length == CHUNK) pool.offer(current.data());
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            }
            pos = 0;
            if (aborted) throw new SourceFailed();
            if (current == LAST) {
                ended = true;
                return false;
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (current == null || pos == current.length()) {
                if (!next()) return -1;
            }
            int n = Math.min(len, current.length() - pos);
            System.arraycopy(current.data(), pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return current == null ? 0 : current.length() - pos;
        }
    }
}
