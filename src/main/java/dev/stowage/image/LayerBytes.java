package dev.stowage.image;

import java.util.Optional;

/**
 * Whether a layer's bytes are compressed the way its media type says. A layer labelled zstd whose bytes are gzip
 * (or the reverse, or compressed bytes labelled plain tar) is refused rather than relabelled: the right label
 * would change the manifest, hence the image's digest, and other clients decompress by the label.
 */
public final class LayerBytes {
    private LayerBytes() {
    }

    /** The compression a layer media type names; empty for a type that is not a known tar layer type. */
    public static Optional<Compression> compressionNamedBy(String mediaType) {
        if (mediaType == null) return Optional.empty();
        if (mediaType.endsWith("+gzip") || mediaType.endsWith(".tar.gzip")) return Optional.of(Compression.GZIP);
        if (mediaType.endsWith("+zstd")) return Optional.of(Compression.ZSTD);
        if (mediaType.endsWith(".tar")) return Optional.of(Compression.NONE);
        return Optional.empty();
    }

    /** Why {@code layer}'s bytes, compressed with {@code actual}, do not fit its media type; empty when they do. */
    public static Optional<String> mismatch(Descriptor layer, Compression actual) {
        return compressionNamedBy(layer.mediaType())
                .filter(named -> named != actual)
                .map(named -> "layer " + layer.digest() + " has media type " + layer.mediaType() + " (" + named.displayName()
                        + ") but its bytes are " + actual.displayName());
    }
}
