package dev.stowage.progress;

import dev.stowage.util.ObservingInputStream;

import java.io.InputStream;

/** Reports the bytes read through it as one layer's progress in one state (downloading, pushing), about once a megabyte. */
public final class LayerProgressStream extends ObservingInputStream {
    private static final long STEP = 1 << 20;

    private final String id;
    private final LayerState state;
    private final long total;
    private final ProgressListener progress;
    private long read;
    private long reported;

    public LayerProgressStream(InputStream in, String id, LayerState state, long total, ProgressListener progress) {
        super(in);
        this.id = id;
        this.state = state;
        this.total = total;
        this.progress = progress;
    }

    @Override
    protected void observe(byte[] b, int off, int len) {
        read += len;
        if (read - reported >= STEP || read == total) {
            reported = read;
            progress.onProgress(new LayerProgress(id, state, read, total, null));
        }
    }
}
