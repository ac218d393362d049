package dev.stowage.layer;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.progress.Cancellation;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** An image's layers read once from the store, with what each did to the stack below. */
public final class ImageLayers {
    /** One layer: blob, diffID, sizes, the history step that made it, its contents and its changes. */
    public record Layer(int index, Descriptor blob, Digest diffId, long uncompressedSize, String createdBy,
                        LayerContents contents, List<Change> changes) {
        public LayerDiff.Summary summary() {
            return LayerDiff.Summary.of(changes);
        }
    }

    private final LocalImage image;
    private final List<Layer> layers;
    private final Efficiency.Result efficiency;

    private ImageLayers(LocalImage image, List<Layer> layers, Efficiency.Result efficiency) {
        this.image = image;
        this.layers = layers;
        this.efficiency = efficiency;
    }

    /** Told after each layer is read. */
    public interface Listener {
        void layerRead(int done, int total);
    }

    /** Opens a layer blob wherever the image lies (the store, a registry, an archive), from its start. */
    @FunctionalInterface
    public interface Blobs {
        InputStream open(Descriptor blob) throws IOException;
    }

    public static ImageLayers read(Store store, LocalImage image) throws IOException {
        return read(store, image, (done, total) -> { }, new Cancellation());
    }

    /** {@link #read(Store, LocalImage)} of an image that is not stored: its layers come from {@code blobs}. */
    public static ImageLayers read(Blobs blobs, LocalImage image) throws IOException {
        return read(blobs, image, (done, total) -> { }, new Cancellation());
    }

    public static ImageLayers read(Store store, LocalImage image, Listener listener, Cancellation cancellation)
            throws IOException {
        return read(blob -> store.openBlob(blob.digest()), image, listener, cancellation);
    }

    /**
     * Reads every layer, several at once (one per core: each is read, decompressed and hashed on its own thread),
     * then works out in order what each changed; {@code listener} hears of each layer in order. Cancelling
     * interrupts the layers still being read.
     */
    public static ImageLayers read(Blobs source, LocalImage image, Listener listener, Cancellation cancellation)
            throws IOException {
        List<Descriptor> blobs = image.manifest().layers();
        List<String> createdBy = createdByPerLayer(image.config(), blobs.size());
        List<Layer> layers = new ArrayList<>();
        FileTree below = new FileTree();
        Efficiency.Tally tally = new Efficiency.Tally();
        int threads = Math.max(1, Math.min(blobs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService readers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stowage-layer-read");
            t.setDaemon(true);
            return t;
        });
        List<Future<LayerContents>> read = new ArrayList<>();
        try {
            for (int i = 0; i < blobs.size(); i++) {
                Descriptor blob = blobs.get(i);
                String what = "layer " + (i + 1);
                read.add(readers.submit(() -> {
                    try (InputStream raw = source.open(blob)) {
                        return LayerContents.read(raw, what);
                    }
                }));
            }
        } finally {
            readers.shutdown();
        }
        cancellation.onCancel(() -> read.forEach(f -> f.cancel(true)));
        try {
            for (int i = 0; i < blobs.size(); i++) {
                Descriptor blob = blobs.get(i);
                LayerContents contents = await(read.get(i), cancellation);
                List<Change> changes = LayerDiff.compare(below, contents);
                tally.add(contents, below);
                below.apply(contents);
                Digest diffId = i < image.config().diffIds().size() ? image.config().diffIds().get(i) : null;
                layers.add(new Layer(i, blob, diffId, contents.tarSize(), createdBy.get(i), contents, changes));
                listener.layerRead(i + 1, blobs.size());
                cancellation.check();
            }
        } finally {
            readers.shutdownNow(); // on failure, the layers still being read are interrupted
        }
        return new ImageLayers(image, layers, tally.result());
    }

    private static LayerContents await(Future<LayerContents> f, Cancellation cancellation) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("cancelled");
        } catch (CancellationException e) {
            throw new java.io.InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            cancellation.check(); // a reader interrupted by the cancel fails in its own words
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }

    /** History steps that made a layer (not {@code empty_layer}), matched to layers in order. */
    static List<String> createdByPerLayer(ImageConfig config, int count) {
        List<String> out = new ArrayList<>();
        for (ImageConfig.HistoryEntry h : config.history()) {
            if (!h.emptyLayer()) out.add(h.createdBy() == null ? "" : h.createdBy());
        }
        while (out.size() < count) out.add("");
        return out;
    }

    public LocalImage image() {
        return image;
    }

    public List<Layer> layers() {
        return layers;
    }

    public List<LayerContents> contents() {
        return layers.stream().map(Layer::contents).toList();
    }

    /** The filesystem as it is after layer {@code index} (0-based). */
    public FileTree mergedUpTo(int index) {
        return FileTree.of(contents().subList(0, index + 1));
    }

    /** dive's efficiency figures, counted while the layers were stacked. */
    public Efficiency.Result efficiency() {
        return efficiency;
    }
}
