package dev.stowage.store;

import dev.stowage.image.Digest;
import dev.stowage.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An output stream into a temp file that hashes the bytes as they pass. Each full buffer is hashed and written on
 * two background threads while the caller fills the other one (SHA-256 and the write each take about half of a
 * load), and the fsync runs in the background too: {@link Written#durable()} completes when the bytes are on disk,
 * and must be awaited before the file becomes visible.
 */
public final class BlobSink extends OutputStream {
    static final int BUFFER = 1 << 20;
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-blob-io");
        t.setDaemon(true);
        return t;
    });

    /** A finished temp file: its sha256 digest and size; {@code durable} completes once it is fsynced. */
    public record Written(Path file, Digest digest, long size, CompletableFuture<Void> durable) {
    }

    private final Path file;
    private final FileChannel channel;
    /**
     * Free buffers. Direct, so that neither the native hasher nor the file write copies them again (the JDK writes a
     * heap buffer through a temporary direct copy).
     */
    private static final ConcurrentLinkedQueue<ByteBuffer> FREE = new ConcurrentLinkedQueue<>();
    private static final int FREE_MAX = 16;

    private final Sha256 sha256 = Sha256.create();
    private final ByteBuffer[] buffers = {takeBuffer(), takeBuffer()};
    private int current;
    private Future<?> pendingHash;
    private Future<?> pendingWrite;
    private long size;
    private boolean closed;

    private BlobSink(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    static BlobSink createIn(Path dir) throws IOException {
        return new BlobSink(Files.createTempFile(dir, "blob-", ".partial"));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        size += len;
        while (len > 0) {
            ByteBuffer buffer = buffers[current];
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            if (!buffer.hasRemaining()) flushBuffer();
        }
    }

    /**
     * Hands the full buffer to the hasher and the writer, and switches to the other buffer, whose hashing and writing
     * are over once this returns.
     */
    private void flushBuffer() throws IOException {
        ByteBuffer buffer = buffers[current];
        buffer.flip();
        awaitPending();
        ByteBuffer view = buffer.duplicate();
        pendingHash = BACKGROUND.submit(() -> sha256.update(view));
        pendingWrite = BACKGROUND.submit(() -> {
            writeFully(buffer);
            return null;
        });
        current = 1 - current;
        buffers[current].clear();
    }

    private void awaitPending() throws IOException {
        try {
            await(pendingHash, "hashing failed");
        } finally {
            pendingHash = null;
            try {
                await(pendingWrite, null);
            } finally {
                pendingWrite = null;
            }
        }
    }

    private static void await(Future<?> pending, String failure) throws IOException {
        if (pending == null) return;
        try {
            pending.get();
        } catch (InterruptedException e) {
            pending.cancel(false);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            if (failure == null && e.getCause() instanceof IOException io) throw io;
            throw new IOException(failure == null ? "writing failed" : failure, e.getCause());
        }
    }

    /** Copies a stream to the end into this sink. */
    public long copyFrom(InputStream in) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(chunk)) >= 0) {
            write(chunk, 0, n);
            total += n;
        }
        return total;
    }

    /** Writes what is buffered and closes; the fsync continues in the background (see {@link Written#durable()}). */
    public Written finish() throws IOException {
        ByteBuffer buffer = buffers[current];
        buffer.flip();
        awaitPending();
        sha256.update(buffer.duplicate());
        writeFully(buffer);
        closed = true;
        releaseBuffers();
        CompletableFuture<Void> durable = CompletableFuture.runAsync(() -> {
            try (channel) {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, BACKGROUND);
        return new Written(file, sha256.digest(), size, durable);
    }

    /** Closes without keeping anything; the temp file is deleted. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                awaitPending();
                releaseBuffers();
            } finally {
                channel.close();
                Files.deleteIfExists(file);
            }
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) channel.write(buffer);
    }

    private static ByteBuffer takeBuffer() {
        ByteBuffer b = FREE.poll();
        if (b == null) b = ByteBuffer.allocateDirect(BUFFER);
        b.clear();
        return b;
    }

    /** Only once no task uses them. */
    private void releaseBuffers() {
        for (ByteBuffer b : buffers) {
            if (FREE.size() < FREE_MAX) FREE.offer(b);
        }
    }
}
