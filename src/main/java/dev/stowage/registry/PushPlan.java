package dev.stowage.registry;

import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;
import dev.stowage.store.BlobSink;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;
import dev.stowage.util.ParallelGzip;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifest to push for a stored image. A manifest whose layers are all compressed is pushed as stored,
 * byte for byte. Uncompressed layers (docker-archive loads) are gzip-compressed once, in one parallel pass,
 * and the result kept in the store with a note of which layer it came from, so a second push reuses it.
 * The new manifest is Docker schema2 (the safest for registries, and what docker pushes for such images)
 * unless a layer is zstd, which only OCI can describe.
 */
public final class PushPlan {
    /** A blob to upload: its digest, size, and the ID shown in progress (the layer's diffID, as docker shows). */
    public record Blob(Digest digest, long size, String id) {
    }

    private final Manifest manifest;
    private final List<Blob> blobs;

    private PushPlan(Manifest manifest, List<Blob> blobs) {
        this.manifest = manifest;
        this.blobs = blobs;
    }

    public Manifest manifest() {
        return manifest;
    }

    /** Config and layers, in manifest order. */
    public List<Blob> blobs() {
        return blobs;
    }

    public static PushPlan prepare(Store store, LocalImage image, ParallelGzip gzip, ProgressListener progress) throws IOException {
        Manifest stored = image.manifest();
        List<Descriptor> layers = stored.layers();
        List<Blob> blobs = new ArrayList<>();
        Descriptor config = stored.config();
        blobs.add(new Blob(config.digest(), config.size(), config.digest().shortHex()));
        boolean convert = layers.stream().anyMatch(l -> compressionOf(l) == Compression.NONE);
        for (int i = 0; i < layers.size(); i++) {
            progress.onProgress(LayerProgress.of(image.config().diffIds().get(i).shortHex(), LayerState.PREPARING));
        }
        if (!convert) {
            for (int i = 0; i < layers.size(); i++) {
                Descriptor l = layers.get(i);
                blobs.add(new Blob(l.digest(), l.size(), image.config().diffIds().get(i).shortHex()));
            }
            return new PushPlan(stored, blobs);
        }
        boolean docker = layers.stream().noneMatch(l -> compressionOf(l) == Compression.ZSTD);
        List<Descriptor> pushed = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor l = layers.get(i);
            Digest diffId = image.config().diffIds().get(i);
            Compression c = compressionOf(l);
            Descriptor blob = c == Compression.NONE ? compressed(store, l, diffId, gzip, progress) : l;
            Compression after = c == Compression.NONE ? Compression.GZIP : c;
            pushed.add(new Descriptor(MediaTypes.layerType(docker, after), blob.digest(), blob.size()));
            blobs.add(new Blob(blob.digest(), blob.size(), diffId.shortHex()));
        }
        Descriptor newConfig = new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, config.digest(), config.size());
        Manifest manifest = Manifest.create(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST, newConfig, pushed);
        return new PushPlan(manifest, blobs);
    }

    static Compression compressionOf(Descriptor layer) {
        String t = layer.mediaType() == null ? "" : layer.mediaType();
        if (t.endsWith("+zstd")) return Compression.ZSTD;
        if (t.endsWith("gzip")) return Compression.GZIP;
        return Compression.NONE;
    }

    private static Descriptor compressed(Store store, Descriptor layer, Digest diffId, ParallelGzip gzip,
                                         ProgressListener progress) throws IOException {
        Optional<Descriptor> cached = store.caches().compressedFor(diffId);
        if (cached.isPresent()) return cached.get();
        progress.onProgress(new LayerProgress(diffId.shortHex(), LayerState.COMPRESSING, -1, layer.size(), null));
        try (Staging staging = store.newStaging()) {
            ParallelGzip.Result result;
            BlobSink.Written written;
            try (BlobSink sink = staging.newSink(); InputStream in = store.openBlob(layer.digest())) {
                result = gzip.compress(in, sink);
                written = sink.finish();
            }
            if (!result.uncompressedDigest().equals(diffId)) {
                throw new RegistryException("layer " + layer.digest() + " in the store does not match its diffID; run 'stowage verify'");
            }
            Digest digest = staging.keep(written);
            Descriptor descriptor = new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, written.size());
            // noted before it is published, so a garbage collection in between cannot take it as unused
            store.caches().recordCompressed(diffId, descriptor);
            staging.publish(List.of(digest), index -> null);
            return descriptor;
        }
    }
}
