package dev.stowage.registry;

import dev.stowage.progress.ProgressListener;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

import java.io.IOException;
import java.io.InputStream;

/** Streams a blob read from elsewhere (another registry, an archive) as a request body, reporting bytes sent. */
public final class StreamBody extends BlobBody {
    /** Opens the blob from its start; called again when an upload starts over. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    private final Opener opener;

    StreamBody(Opener opener, long size, String id, ProgressListener progress) {
        super(size, id, progress);
        this.opener = opener;
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
