package dev.stowage.place;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Index;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.progress.Cancellation;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.ParallelTasks;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code stowage copy SRC DST}: one image from any place to any other, streamed — each blob the destination lacks
 * is read from the source and written as it arrives (never decompressed, so digests stay), a blob already there is
 * skipped, one on the same registry is mounted; the manifest goes last, with its exact bytes, and only the commit
 * makes the image visible. A failure or a cancel closes the writer uncommitted, which leaves the store, an archive
 * file or a layout directory as it was.
 */
public final class ImageCopy {
    private final ProgressListener progress;
    private final Cancellation cancellation;
    private final Optional<ManifestFormat> format;
    /** Blobs in flight at once where the destination takes them so, as docker's and skopeo's defaults. */
    private static final int PARALLEL_BLOBS = 3;

    public ImageCopy(ProgressListener progress, Cancellation cancellation) {
        this(progress, cancellation, Optional.empty());
    }

    /** {@code format}: the manifest family the copy is written in (converted as skopeo's {@code --format} does). */
    public ImageCopy(ProgressListener progress, Cancellation cancellation, Optional<ManifestFormat> format) {
        this.progress = progress;
        this.cancellation = cancellation;
        this.format = format;
    }

    /** Copies the image {@code from} names into {@code to}; returns the destination's line about it. */
    public String copy(ImagePlace from, ImagePlace to) throws IOException {
        return copy(from, to, false);
    }

    /**
     * {@code all}: when the name names a multi-platform index, every platform's image and then the index, byte for
     * byte (its digest kept); else the image for this machine's platform.
     */
    public String copy(ImagePlace from, ImagePlace to, boolean all) throws IOException {
        cancellation.onCancel(from::cancel);
        cancellation.onCancel(to::cancel);
        Thread worker = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        cancellation.onCancel(() -> {
            synchronized (running) {
                if (running.get()) worker.interrupt();
            }
        });
        try {
            cancellation.check();
            PlacedImage image = from.resolve();
            try (PlaceWriter writer = to.writer(image.name())) {
                if (all && image.index().isPresent()) {
                    if (format.isPresent()) throw new PlaceException("--format with --all is not supported: copy one platform to convert it");
                    Index index = image.index().get();
                    for (Descriptor child : index.manifests()) {
                        if (!MediaTypes.isManifest(child.mediaType())) continue;
                        byte[] bytes = child.digest().equals(image.descriptor().digest()) ? image.manifest().raw() : from.readManifest(child);
                        copyImage(from, to, writer, Manifest.parse(bytes, child.mediaType()));
                    }
                    cancellation.check();
                    writer.putManifest(new Descriptor(index.mediaType(), index.digest(), index.raw().length), index.raw());
                } else {
                    copyImage(from, to, writer, image.manifest());
                }
                cancellation.check();
                return writer.commit();
            }
        } catch (IOException e) {
            if (cancellation.isCancelled() && !(e instanceof InterruptedIOException)) throw new InterruptedIOException("cancelled");
            throw e;
        } finally {
            synchronized (running) {
                running.set(false); // a cancel that comes later leaves this thread alone
            }
            if (cancellation.isCancelled()) Thread.interrupted();
        }
    }

    private void copyImage(ImagePlace from, ImagePlace to, PlaceWriter writer, Manifest original) throws IOException {
        Manifest manifest = format.map(f -> f.convert(original)).orElse(original);
        for (Descriptor layer : manifest.layers()) progress.onProgress(LayerProgress.of(id(layer), LayerState.WAITING));
        cancellation.check();
        copyBlob(from, writer, manifest.config(), false);
        List<ParallelTasks.Task> layers = new ArrayList<>();
        for (Descriptor layer : manifest.layers()) {
            layers.add(() -> {
                cancellation.check();
                copyBlob(from, writer, layer, true);
            });
        }
        try (ParallelTasks tasks = new ParallelTasks(writer.parallel() ? PARALLEL_BLOBS : 1)) {
            tasks.runAll(layers, () -> {
                from.cancel();
                to.cancel();
            });
        }
        cancellation.check();
        writer.putManifest(manifest.descriptor(), manifest.raw());
    }

    private void copyBlob(ImagePlace from, PlaceWriter writer, Descriptor blob, boolean report) throws IOException {
        ProgressListener p = report ? progress : ProgressListener.NONE;
        String id = id(blob);
        if (writer.hasBlob(blob)) {
            p.onProgress(LayerProgress.of(id, LayerState.ALREADY_EXISTS));
            return;
        }
        if (writer.mount(blob, from)) {
            p.onProgress(new LayerProgress(id, LayerState.MOUNTED, -1, -1, from.describe()));
            return;
        }
        try {
            writer.putBlob(blob, () -> from.openBlob(blob),
                    (done, total) -> p.onProgress(new LayerProgress(id, LayerState.PUSHING, done, total, null)));
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof IOException io && ErrorText.isCancellation(io))) p.onProgress(LayerProgress.of(id, LayerState.FAILED));
            throw e;
        }
        p.onProgress(LayerProgress.of(id, LayerState.PUSHED));
    }

    private static String id(Descriptor blob) {
        return blob.digest().shortHex();
    }
}
