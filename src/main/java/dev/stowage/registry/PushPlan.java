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
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What to push for a stored image. A manifest whose layers are all compressed is pushed as stored, byte
 * for byte. Uncompressed layers (docker-archive loads) are gzip-compressed once, in one parallel pass,
 * and the result kept in the store with a note of which layer it came from, so a second push reuses it.
 * The new manifest is Docker schema2 (the safest for registries, and what docker pushes for such images)
 * unless a layer is zstd, which only OCI can describe.
 */
final class PushPlan {
    /** A blob to upload: its digest, size, and the ID shown in progress (the layer's diffID, as docker shows). */
    record Blob(Digest digest, long size, String id) {
    }

    private final Store store;
    private final LocalImage image;
    private final boolean convert;
    private final boolean dockerFamily;
    /** One layer is compressed at a time, on all cores, while others upload. */
    private final Semaphore compressionLane = new Semaphore(1);

    PushPlan(Store store, LocalImage image) {
        this.store = store;
        this.image = image;
        List<Descriptor> layers = image.manifest().layers();
        this.convert = layers.stream().anyMatch(l -> compressionOf(l) == Compression.NONE);
        this.dockerFamily = layers.stream().noneMatch(l -> compressionOf(l) == Compression.ZSTD);
    }

    int layerCount() {
        return image.manifest().layers().size();
    }

    String layerId(int i) {
        return image.config().diffIds().get(i).shortHex();
    }

    Blob config() {
        Descriptor c = image.manifest().config();
        return new Blob(c.digest(), c.size(), c.digest().shortHex());
    }

    /** The blob to upload for layer {@code i}: as stored, or its gzip copy (made now, or kept from before). */
    Blob layer(int i, ParallelGzip gzip, ProgressListener progress) throws IOException {
        Descriptor l = image.manifest().layers().get(i);
        if (compressionOf(l) != Compression.NONE) return new Blob(l.digest(), l.size(), layerId(i));
        Descriptor compressed = compressed(l, image.config().diffIds().get(i), gzip, progress);
        return new Blob(compressed.digest(), compressed.size(), layerId(i));
    }

    /** The manifest to push once every layer blob is known. */
    Manifest manifest(List<Blob> layerBlobs) {
        if (!convert) return image.manifest();
        List<Descriptor> layers = image.manifest().layers();
        List<Descriptor> pushed = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Compression c = compressionOf(layers.get(i));
            Compression after = c == Compression.NONE ? Compression.GZIP : c;
            pushed.add(new Descriptor(MediaTypes.layerType(dockerFamily, after), layerBlobs.get(i).digest(), layerBlobs.get(i).size()));
        }
        Descriptor config = image.manifest().config();
        Descriptor newConfig = new Descriptor(dockerFamily ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, config.digest(), config.size());
        return Manifest.create(dockerFamily ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST, newConfig, pushed);
    }

    static Compression compressionOf(Descriptor layer) {
        String t = layer.mediaType() == null ? "" : layer.mediaType();
        if (t.endsWith("+zstd")) return Compression.ZSTD;
        if (t.endsWith("gzip")) return Compression.GZIP;
        return Compression.NONE;
    }

    private Descriptor compressed(Descriptor layer, Digest diffId, ParallelGzip gzip, ProgressListener progress) throws IOException {
        Optional<Descriptor> cached = store.caches().compressedFor(diffId);
        if (cached.isPresent()) return cached.get();
        try {
            compressionLane.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        }
        try (Staging staging = store.newStaging()) {
            progress.onProgress(new LayerProgress(diffId.shortHex(), LayerState.COMPRESSING, -1, layer.size(), null));
            ParallelGzip.Result result;
            BlobSink.Written written;
            try (BlobSink sink = staging.newWriteOnceSink(); InputStream in = store.openBlob(layer.digest())) {
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
        } finally {
            compressionLane.release();
        }
    }
}
