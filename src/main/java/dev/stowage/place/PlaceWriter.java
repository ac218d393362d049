package dev.stowage.place;

import dev.stowage.image.Descriptor;
import dev.stowage.registry.StreamBody;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writing one image into a place: blobs first, then the manifest, then {@link #commit()}. Closing a writer that was
 * not committed throws away what it wrote where the place allows it (store, archive file, layout directory: only
 * complete results appear; a registry keeps the blobs, unreferenced, as after any failed push).
 */
public interface PlaceWriter extends Closeable {
    /** Whether the place has the blob already, so that a copy skips it. */
    boolean hasBlob(Descriptor blob) throws IOException;

    /** Makes a blob of {@code source} appear here without copying its bytes (a registry's cross-repository mount). */
    default boolean mount(Descriptor blob, ImagePlace source) throws IOException {
        return false;
    }

    /** Whether {@link #putBlob} may be called from several threads at once. */
    default boolean parallel() {
        return false;
    }

    /** Takes a blob; {@code opener} opens it from its start (again, if an upload starts over). */
    void putBlob(Descriptor blob, StreamBody.Opener opener, BlobProgress progress) throws IOException;

    /**
     * Takes a manifest, exact bytes, after its blobs: the image's, or (a whole index copied) each platform's and
     * then the index, last. The last one is what the commit names.
     */
    void putManifest(Descriptor manifest, byte[] bytes) throws IOException;

    /** Makes the image visible under its name; returns a line describing what was written. */
    String commit() throws IOException;

    /** Bytes of the blob written so far. */
    @FunctionalInterface
    interface BlobProgress {
        void written(long bytes, long total);
    }
}
