package dev.stowage.registry;

import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;

/** The bytes of one upload attempt sent so far, told as {@code Pushing} every MiB and at the end. */
final class UploadProgress {
    private final String id;
    private final long size;
    private final ProgressListener listener;
    private long sent;
    private long reported;

    UploadProgress(String id, long size, ProgressListener listener) {
        this.id = id;
        this.size = size;
        this.listener = listener;
    }

    long sent(long n) {
        sent += n;
        if (sent - reported >= (1 << 20) || sent == size) {
            listener.onProgress(new LayerProgress(id, LayerState.PUSHING, sent, size, null));
            reported = sent;
        }
        return sent;
    }
}
