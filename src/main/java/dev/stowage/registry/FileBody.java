package dev.stowage.registry;

import dev.stowage.progress.ProgressListener;
import dev.stowage.store.DirectIo;
import okio.BufferedSink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Streams a file as a request body, reporting bytes sent. */
final class FileBody extends BlobBody {
    /** The size of a direct read, and the least file size worth reading that way. */
    private static final int DIRECT_READ = 1 << 20;
    private final Path file;
    private UploadProgress reporter;

    FileBody(Path file, long size, String id, ProgressListener progress) {
        super(size, id, progress);
        this.file = file;
    }

    /**
     * Sends the file; from 1 MiB up with direct I/O where the file system allows it: an upload reads a blob once,
     * so there is no point in bringing it into the page cache (see {@link DirectIo}). Otherwise straight into
     * okio's segments (one copy, no buffer of our own), sent as they fill, so the segments go back to okio's pool:
     * a 256 KiB write at a time used to allocate ~1 byte of garbage per byte sent, which made G1 grow the heap to
     * its limit during a push.
     */
    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        long sent = 0;
        reporter = new UploadProgress(id, size, progress); // an upload that starts again reports from zero
        FileChannel direct = size < DIRECT_READ ? null : DirectIo.open(file, StandardOpenOption.READ);
        if (direct != null) {
            try (direct) {
                ByteBuffer buffer = DirectIo.alignedBuffer(DIRECT_READ);
                int n;
                do {
                    buffer.clear();
                    try {
                        n = direct.read(buffer);
                    } catch (IOException e) {
                        break; // a file system that took O_DIRECT at open but refuses the read: on below
                    }
                    if (n <= 0) break;
                    buffer.flip();
                    // in okio-segment-pool-sized pieces, each sent at once: the segments go back to the pool
                    for (int at = 0; at < n; at += SEND_PIECE) {
                        buffer.limit(Math.min(n, at + SEND_PIECE)).position(at);
                        sink.write(buffer);
                    }
                    sent = reportSent(sent, n);
                } while (n == buffer.capacity()); // a short read: the end, or a file system that reads in other sizes
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(sent);
            okio.Source in = okio.Okio.source(Channels.newInputStream(channel));
            long n;
            while ((n = in.read(sink.getBuffer(), SEND_PIECE)) >= 0) {
                sink.emitCompleteSegments();
                sent = reportSent(sent, n);
            }
        }
    }

    private long reportSent(long before, long n) {
        return reporter.sent(n);
    }
}
