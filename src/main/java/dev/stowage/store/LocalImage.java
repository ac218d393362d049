package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;

import java.util.List;
import java.util.Map;

/**
 * An image in the store: the index entry's target (a manifest, or an index whose platform manifest was
 * chosen), its manifest and config, and every name that points at it. The image ID is the config digest.
 */
public record LocalImage(Descriptor target, Manifest manifest, ImageConfig config, List<Reference> names,
                         Map<Reference, Digest> pulledDigests) {

    public LocalImage {
        pulledDigests = Map.copyOf(pulledDigests);
    }

    public LocalImage(Descriptor target, Manifest manifest, ImageConfig config, List<Reference> names) {
        this(target, manifest, config, names, Map.of());
    }

    /**
     * The digest a name stands for in its repository, as docker's RepoDigests show it: the name's own digest,
     * else what the registry resolved it to when it was pulled (an index's, when one platform was taken),
     * else the stored target's.
     */
    public Digest repoDigest(Reference name) {
        return name.digest().orElseGet(() -> pulledDigests.getOrDefault(name, target.digest()));
    }

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
