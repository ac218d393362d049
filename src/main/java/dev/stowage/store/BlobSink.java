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
    private FileChannel channel;
    /** Whether the channel writes with O_DIRECT (see {@link #createDirectIn}). */
    private boolean direct;
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

    private BlobSink(Path file, boolean direct) throws IOException {
        this.file = file;
        if (direct) {
            channel = DirectIo.open(file, StandardOpenOption.WRITE);
            this.direct = channel != null;
        }
        if (channel == null) channel = FileChannel.open(file, StandardOpenOption.WRITE);
    }

    static BlobSink createIn(Path dir) throws IOException {
        return new BlobSink(Files.createTempFile(dir, "blob-", ".partial"), false);
    }

    /**
     * A sink for a large blob written once and read back only seldom, and then once (the gzip copy a push keeps for
     * the next push): written with direct I/O where the file system allows it ({@link DirectIo}).
     */
    static BlobSink createDirectIn(Path dir) throws IOException {
        return new BlobSink(Files.createTempFile(dir, "blob-", ".partial"), true);
    }

    /** Whether the bytes go to disk with direct I/O. */
    boolean direct() {
        return direct;
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
        ByteBuffer toWrite = buffer.duplicate(); // the tasks never move the pooled buffer's own position
        pendingWrite = BACKGROUND.submit(() -> {
            writeFully(toWrite);
            return null;
        });
        current = 1 - current;
        buffers[current].clear();
    }

    /**
     * Waits for the hashing and writing of the other buffer. Interrupted, it throws and leaves them pending, so that
     * {@link #close()} still waits for them before the buffers go back to the pool.
     */
    private void awaitPending() throws IOException {
        IOException failure = null;
        for (Future<?> pending : new Future<?>[]{pendingHash, pendingWrite}) {
            if (pending == null) continue;
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("cancelled");
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof IOException io ? io
                            : new IOException(pending == pendingHash ? "hashing failed" : "writing failed", e.getCause());
                }
            }
        }
        pendingHash = null;
        pendingWrite = null;
        if (failure != null) throw failure;
    }

    /** For {@link #close()}: waits for the background work however it ends, even when interrupted. */
    private void awaitPendingQuietly() {
        boolean interrupted = Thread.interrupted();
        for (Future<?> pending : new Future<?>[]{pendingHash, pendingWrite}) {
            while (pending != null) {
                try {
                    pending.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    break;
                }
            }
        }
        pendingHash = null;
        pendingWrite = null;
        if (interrupted) Thread.currentThread().interrupt();
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
        writeLast(buffer);
        closed = true;
        releaseBuffers();
        FileChannel written = channel;
        CompletableFuture<Void> durable = CompletableFuture.runAsync(() -> {
            try (written) {
                written.force(true);
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
                awaitPendingQuietly();
                releaseBuffers();
            } finally {
                channel.close();
                Files.deleteIfExists(file);
            }
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            try {
                channel.write(buffer);
            } catch (IOException e) {
                if (!direct) throw e;
                // a file system that took O_DIRECT at open but refuses the write: go on through the page cache
                long position = channel.position();
                channel.close();
                channel = FileChannel.open(file, StandardOpenOption.WRITE);
                channel.position(position);
                direct = false;
            }
        }
    }

    /** The last bytes; a direct write pads them to a whole block from the buffer's spare room, then cuts the file back. */
    private void writeLast(ByteBuffer buffer) throws IOException {
        int length = buffer.remaining();
        if (!direct || length % DirectIo.ALIGNMENT == 0) {
            writeFully(buffer);
            return;
        }
        long end = channel.position() + length;
        buffer.limit(buffer.position() + (length + DirectIo.ALIGNMENT - 1) / DirectIo.ALIGNMENT * DirectIo.ALIGNMENT);
        writeFully(buffer);
        channel.truncate(end);
    }

    private static ByteBuffer takeBuffer() {
        ByteBuffer b = FREE.poll();
        if (b == null) b = DirectIo.alignedBuffer(BUFFER);
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
