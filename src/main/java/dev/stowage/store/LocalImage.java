package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;

import java.util.List;

/**
 * An image in the store: the index entry's target (a manifest, or an index whose platform manifest was
 * chosen), its manifest and config, and every name that points at it. The image ID is the config digest.
 */
public record LocalImage(Descriptor target, Manifest manifest, ImageConfig config, List<Reference> names) {

    public Digest id() {
        return manifest.config().digest();
    }

    public boolean dangling() {
        return names.isEmpty();
    }

    /** Bytes of config and layers as stored. */
    public long size() {
        return manifest.contentSize();
    }
}
