package dev.stowage.store;

import dev.stowage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/** An output stream into a temp file that hashes the bytes as they pass and fsyncs on {@link #finish()}. */
public final class BlobSink extends OutputStream {
    static final int BUFFER = 1 << 20;

    /** A finished temp file: its sha256 digest and size. */
    public record Written(Path file, Digest digest, long size) {
    }

    private final Path file;
    private final FileChannel channel;
    private final MessageDigest sha256 = Digest.newSha256();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
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
        sha256.update(b, off, len);
        size += len;
        while (len > 0) {
            int n = Math.min(len, buffer.remaining());
            buffer.put(b, off, n);
            off += n;
            len -= n;
            if (!buffer.hasRemaining()) flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) channel.write(buffer);
        buffer.clear();
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

    /** Flushes, fsyncs and closes; the file then holds exactly the bytes with the returned digest. */
    public Written finish() throws IOException {
        flushBuffer();
        channel.force(true);
        channel.close();
        closed = true;
        return new Written(file, Digest.ofSha256(sha256.digest()), size);
    }

    /** Closes without keeping anything; the temp file is deleted. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
            Files.deleteIfExists(file);
        }
    }
}
