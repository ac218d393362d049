package dev.stowage.layer;

import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.util.Compressors;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The uncompressed size of layers and images — what docker calls an image's size — counted by decompressing each
 * compressed blob once (a plain tar is its own size, read from its first bytes); remembered per blob for the life
 * of this object.
 * Blocking: call it off the FX thread.
 */
public final class UncompressedSizes {
    private final Store store;
    private final Map<Digest, Long> known = new ConcurrentHashMap<>();

    public UncompressedSizes(Store store) {
        this.store = store;
    }

    /** Bytes of the layer's tar. */
    public long layer(Descriptor layer) throws IOException {
        Long size = known.get(layer.digest());
        if (size != null) return size;
        long counted = 0;
        byte[] buffer = new byte[128 * 1024];
        if (!compressed(layer, buffer)) {
            known.put(layer.digest(), layer.size());
            return layer.size();
        }
        try (InputStream in = Compressors.openDecompressed(store.openBlob(layer.digest()), layer.digest().toString())) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                counted += n;
                if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("cancelled");
            }
        }
        known.put(layer.digest(), counted);
        return counted;
    }

    /** Whether the blob starts with a compressor's magic bytes (a plain tar is its own size: nothing to count). */
    private boolean compressed(Descriptor layer, byte[] buffer) throws IOException {
        int n;
        try (InputStream in = store.openBlob(layer.digest())) {
            n = in.readNBytes(buffer, 0, 6);
        }
        return Compression.detect(buffer, n) != Compression.NONE;
    }

    /** The sum of the image's layers, uncompressed (docker's Size). */
    public long image(LocalImage image) throws IOException {
        long sum = 0;
        for (Descriptor d : image.manifest().layers()) sum += layer(d);
        return sum;
    }

    /** What is known already without reading anything: the image's size, or -1. */
    public long imageIfKnown(LocalImage image) {
        long sum = 0;
        List<Descriptor> layers = image.manifest().layers();
        for (Descriptor d : layers) {
            Long s = known.get(d.digest());
            if (s == null) return -1;
            sum += s;
        }
        return sum;
    }
}
