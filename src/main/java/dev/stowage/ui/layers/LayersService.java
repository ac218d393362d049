package dev.stowage.ui.layers;

import dev.stowage.layer.FileTree;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.ui.Messages;
import javafx.concurrent.Task;

import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads layers and builds file trees on a background thread of its own (reading only; the store's writes
 * stay on the store worker), each as a cancellable {@link Task} with progress.
 */
public final class LayersService implements AutoCloseable {
    private final Store store;
    private final Messages messages;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-layers-worker");
        t.setDaemon(true);
        return t;
    });

    public LayersService(Store store, Messages messages) {
        this.store = store;
        this.messages = messages;
    }

    public <T> Task<T> submit(Task<T> task) {
        executor.execute(task);
        return task;
    }

    public Task<LayerAnalysis> analyze(LocalImage image) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.layers", image.id().shortHex()));
            }

            @Override
            protected LayerAnalysis call() throws Exception {
                int count = image.manifest().layers().size();
                updateProgress(0, count + 1);
                ImageLayers layers = ImageLayers.read(store, image, (done, total) -> {
                    if (isCancelled()) throw new InterruptedIOException("cancelled");
                    updateProgress(done, total + 1);
                });
                if (isCancelled()) throw new InterruptedIOException("cancelled");
                LayerAnalysis analysis = new LayerAnalysis(layers, layers.efficiency());
                updateProgress(count + 1, count + 1);
                return analysis;
            }
        };
    }

    /** The tree of one layer: its changes, or the merged filesystem up to it. */
    public Task<FileNode> tree(ImageLayers layers, int index, boolean merged) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.tree", index));
            }

            @Override
            protected FileNode call() {
                ImageLayers.Layer layer = layers.layers().get(index);
                if (!merged) return FileNodes.ofChanges(layer.changes());
                FileTree tree = layers.mergedUpTo(index);
                if (isCancelled()) return null;
                return FileNodes.ofMerged(tree, layer.changes());
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
