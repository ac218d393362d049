package dev.stowage.ui.layers;

import dev.stowage.layer.FileTree;
import dev.stowage.layer.ImageLayers;
import dev.stowage.engine.ImageSource;
import dev.stowage.progress.Cancellation;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.TemporaryStore;
import java.util.List;
import dev.stowage.store.Store;
import dev.stowage.ui.Messages;
import dev.stowage.ui.services.CancellableTask;
import javafx.concurrent.Task;

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
        return new CancellableTask<>() {
            {
                updateTitle(messages.format("task.layers", image.id().shortHex()));
            }

            @Override
            protected LayerAnalysis call() throws Exception {
                return read(store, image, cancellation(), this::updateProgress);
            }
        };
    }

    /**
     * The layers of an engine's image: streamed out of the engine into a throwaway store (as the CLI's layer
     * views do), read there (progress: the first half copying, the second reading), and the store deleted.
     */
    public Task<LayerAnalysis> analyze(ImageSource source, String imageId, String shortId, long size) {
        return new CancellableTask<>() {
            {
                updateTitle(messages.format("task.layersEngine", shortId, source.name()));
            }

            @Override
            protected LayerAnalysis call() throws Exception {
                double total = Math.max(1, size);
                cancellation().onCancel(source::cancel);
                try (TemporaryStore temporary = TemporaryStore.create("stowage-engine-layers-")) {
                    updateProgress(0, 2);
                    source.copyToStore(List.of(imageId), temporary.store(), read -> updateProgress(Math.min(1, read / total), 2));
                    cancellation().check();
                    LocalImage image = ImageResolver.of(temporary.store()).resolve(imageId);
                    return read(temporary.store(), image, cancellation(), (done, all) -> updateProgress(1 + done / all, 2));
                }
            }
        };
    }

    private interface Progress {
        void update(double done, double total);
    }

    private static LayerAnalysis read(Store store, LocalImage image, Cancellation cancellation, Progress progress)
            throws java.io.IOException {
        int count = image.manifest().layers().size();
        progress.update(0, count + 1);
        ImageLayers layers = ImageLayers.read(store, image, (done, total) -> progress.update(done, total + 1), cancellation);
        LayerAnalysis analysis = new LayerAnalysis(layers, layers.efficiency());
        progress.update(count + 1, count + 1);
        return analysis;
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
