package dev.stowage.place;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Reference;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A place that holds images — the store, a registry repository, a docker-archive or OCI archive file, an OCI
 * layout directory, an engine — opened on one place name ({@link PlaceName}), which may name an image there.
 * As a source it resolves that image and opens its blobs as streams; as a destination it takes blobs and a
 * manifest through a {@link PlaceWriter}.
 */
public interface ImagePlace extends Closeable {
    /** The place name, for messages. */
    String describe();

    /** The names of the images there, where the place can list them. */
    default List<Reference> names() throws IOException {
        throw new PlaceException(describe() + " cannot list its images");
    }

    /** The image the place name names (or the only one there): its manifest with exact bytes and config. */
    PlacedImage resolve() throws IOException;

    /** A manifest an index names, exact bytes (a registry serves them as manifests, not blobs). */
    default byte[] readManifest(Descriptor manifest) throws IOException {
        try (InputStream in = openBlob(manifest)) {
            byte[] bytes = in.readNBytes((int) Math.min(manifest.size() + 1, 4L << 20));
            if (bytes.length != manifest.size() || !dev.stowage.image.Digest.sha256(bytes).equals(manifest.digest())) {
                throw new PlaceException(describe() + ": manifest " + manifest.digest() + " does not match its descriptor");
            }
            return bytes;
        }
    }

    /** A blob of a resolved image (a layer, the config, a manifest), from its start. */
    InputStream openBlob(Descriptor blob) throws IOException;

    /**
     * Starts writing an image here, named by the place name's own reference, else {@code defaultName} (the
     * source's name), else unnamed where the place allows it. Nothing shows until {@link PlaceWriter#commit()}.
     */
    PlaceWriter writer(Optional<Reference> defaultName) throws IOException;

    /** Cuts off what is in flight, from another thread (a registry's HTTP calls). */
    default void cancel() {
    }

    @Override
    default void close() throws IOException {
    }
}
