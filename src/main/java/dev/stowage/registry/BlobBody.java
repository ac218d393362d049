package dev.stowage.registry;

import dev.stowage.progress.ProgressListener;
import okhttp3.MediaType;
import okhttp3.RequestBody;

/** A blob sent as an upload's body: its length known, its bytes told as {@code Pushing} as they go. */
abstract class BlobBody extends RequestBody {
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");
    /** Sent a piece at a time, so that okio's segments go back to its pool. */
    static final int SEND_PIECE = 64 * 1024;
    final long size;
    final String id;
    final ProgressListener progress;

    BlobBody(long size, String id, ProgressListener progress) {
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
}
