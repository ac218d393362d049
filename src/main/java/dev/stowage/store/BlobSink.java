package dev.stowage.store;

import dev.stowage.image.Digest;

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
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An output stream into a temp file that hashes the bytes as they pass. Full buffers are hashed on a
 * background thread while the caller goes on reading and writing (SHA-256 and the copy each take about
 * half of a load), and the fsync runs in the background too: {@link Written#durable()} completes when the
 * bytes are on disk, and must be awaited before the file becomes visible.
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
    private final MessageDigest sha256 = Digest.newSha256();
    private final ByteBuffer[] buffers = {ByteBuffer.allocate(BUFFER), ByteBuffer.allocate(BUFFER)};
    private int current;
    private Future<?> pendingHash;
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

    /** Hands the full buffer to the hasher, writes it, and switches to the other buffer once it is free. */
    private void flushBuffer() throws IOException {
        ByteBuffer buffer = buffers[current];
        buffer.flip();
        awaitHash();
        ByteBuffer view = buffer.asReadOnlyBuffer();
        pendingHash = BACKGROUND.submit(() -> sha256.update(view));
        while (buffer.hasRemaining()) channel.write(buffer);
        current = 1 - current;
        buffers[current].clear();
    }

    private void awaitHash() throws IOException {
        if (pendingHash == null) return;
        try {
            pendingHash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            throw new IOException("hashing failed", e.getCause());
        } finally {
            pendingHash = null;
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
        awaitHash();
        sha256.update(buffer.asReadOnlyBuffer());
        while (buffer.hasRemaining()) channel.write(buffer);
        closed = true;
        CompletableFuture<Void> durable = CompletableFuture.runAsync(() -> {
            try (channel) {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, BACKGROUND);
        return new Written(file, Digest.ofSha256(sha256.digest()), size, durable);
    }

    /** Closes without keeping anything; the temp file is deleted. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                awaitHash();
            } finally {
                channel.close();
                Files.deleteIfExists(file);
            }
        }
    }
}
