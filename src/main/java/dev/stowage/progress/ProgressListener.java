package dev.stowage.progress;

/** Receives progress events, possibly from several threads at once. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = e -> {
    };

    void onProgress(LayerProgress event);
}
