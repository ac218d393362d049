package dev.stowage.registry;

import dev.stowage.progress.ProgressListener;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

import java.io.IOException;
import java.io.InputStream;

/** Streams a blob read from elsewhere (another registry, an archive) as a request body, reporting bytes sent. */
public final class StreamBody extends RequestBody {
    /** Opens the blob from its start; called again when an upload starts over. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    private static final int SEND_PIECE = 64 * 1024;
    private final Opener opener;
    private final long size;
    private final String id;
    private final ProgressListener progress;

    StreamBody(Opener opener, long size, String id, ProgressListener progress) {
        this.opener = opener;
        this.size = size;
        this.id = id;
        this.progress = progress;
    }

    @Override
    public MediaType contentType() {
        return OCTET_STREAM;
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        UploadProgress sent = new UploadProgress(id, size, progress);
        long total = 0;
        try (InputStream in = opener.open(); Source source = Okio.source(in)) {
            long n;
            while ((n = source.read(sink.getBuffer(), SEND_PIECE)) >= 0) {
                sink.emitCompleteSegments();
                total = sent.sent(n);
            }
        }
        if (total != size) throw new IOException("blob " + id + " has " + total + " bytes, its descriptor says " + size);
    }
}
