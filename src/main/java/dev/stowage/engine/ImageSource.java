package dev.stowage.engine;

import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.store.Store;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A source of images beside the embedded store (a Docker or Podman engine), as the desktop app needs it:
 * list, details, history, remove, and moving images to and from the store. Every method blocks on the
 * engine: run them off the FX thread (a background {@code Task}); {@link #cancel()} stops the ones running.
 * Failures are {@link EngineException}s whose message is one line fit for a status bar or dialog.
 */
public interface ImageSource extends AutoCloseable {
    /** The short name for the sidebar ({@code docker}, {@code podman}, a context name). */
    String name();

    /** What the engine is, e.g. {@code Podman 4.3.1 (API 1.41)} (asks it once). */
    String description();

    /** Every image, one entry per image with all its names; a dangling image has none. */
    List<EngineImage> images() throws IOException;

    /** The overview of one image (by ID, name or ID prefix, as the engine resolves them). */
    ImageDetails details(String image) throws IOException;

    /** The image's history, newest first. */
    List<EngineHistoryEntry> history(String image) throws IOException;

    /** Untag a name, or delete an image by ID ({@code force}: even when several repositories name it). */
    EngineImages.Removal remove(String image, boolean force) throws IOException;

    /** Where the engine listens ({@code unix:///…}, {@code tcp://…}), for a tooltip. */
    default String address() {
        return "";
    }

    /** Drag to the store: the images streamed into it, layers unchanged. */
    default List<LoadedImage> copyToStore(List<String> images, Store store) throws IOException {
        return copyToStore(images, store, bytes -> { });
    }

    /** {@link #copyToStore(List, Store)}, telling {@code progress} the bytes read from the engine so far. */
    List<LoadedImage> copyToStore(List<String> images, Store store, LongConsumer progress) throws IOException;

    /** Drag from the store: the items streamed into the engine; the engine's lines ({@code Loaded image: …}). */
    default List<String> copyFromStore(List<ArchiveWriter.Item> items, Store store) throws IOException {
        return copyFromStore(items, store, bytes -> { });
    }

    /** {@link #copyFromStore(List, Store)}, telling {@code progress} the bytes sent to the engine so far. */
    List<String> copyFromStore(List<ArchiveWriter.Item> items, Store store, LongConsumer progress) throws IOException;

    /** {@code docker tag}: gives {@code image} the name {@code target}. */
    void tag(String image, dev.stowage.image.Reference target) throws IOException;

    /**
     * {@code docker push NAME} by the engine (NAME must name an image there), the credential sent in
     * {@code X-Registry-Auth}; its progress mapped onto the per-layer model.
     */
    EngineImages.PushResult push(dev.stowage.image.Reference name, java.util.Optional<dev.stowage.registry.credentials.Credential> credential,
                                 boolean insecure, dev.stowage.progress.ProgressListener listener) throws IOException;

    /** {@code docker pull NAME} by the engine, for {@code platform} (null: the engine's own). */
    EngineImages.PullResult pull(dev.stowage.image.Reference name, java.util.Optional<dev.stowage.registry.credentials.Credential> credential,
                                 boolean insecure, dev.stowage.image.Platform platform, dev.stowage.progress.ProgressListener listener)
            throws IOException;

    /** Cancels every call in flight (from any thread). */
    void cancel();

    @Override
    void close();
}
