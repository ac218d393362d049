package dev.stowage.place;

import dev.stowage.image.Descriptor;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Index;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image as a place holds it: its name there (if any), its manifest — with the exact bytes, so that a copy keeps
 * its digest — and its config; when the name names a multi-platform index, the index too (the manifest is then the
 * one chosen for this machine's platform).
 */
public record PlacedImage(Optional<Reference> name, Manifest manifest, ImageConfig config, Optional<Index> index) {
    public PlacedImage(Optional<Reference> name, Manifest manifest, ImageConfig config) {
        this(name, manifest, config, Optional.empty());
    }

    public Descriptor descriptor() {
        return manifest.descriptor();
    }

    /** The image as the layer views take it (its names: the one it has here, if any). */
    public LocalImage asLocalImage() {
        return new LocalImage(descriptor(), manifest, config, name.stream().toList());
    }

    /** The config, then the layers: every blob the manifest names. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>();
        all.add(manifest.config());
        all.addAll(manifest.layers());
        return all;
    }
}
