package dev.stowage.place;

import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.LayerBytes;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;

import java.util.List;
import java.util.Locale;

/**
 * {@code copy --format docker|oci}: an image manifest rewritten in the other family, as skopeo converts them — the
 * same config and layer blobs (their bytes and digests unchanged), only the media types of the manifest, the
 * config and each layer; the manifest gets a new digest. A zstd layer has no Docker media type.
 */
public enum ManifestFormat {
    DOCKER, OCI;

    public static ManifestFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "docker", "v2s2" -> DOCKER;
            case "oci" -> OCI;
            default -> throw new PlaceException("unknown manifest format '" + text + "' (docker or oci)");
        };
    }

    /** {@code manifest} in this format: itself when it already is. */
    public Manifest convert(Manifest manifest) {
        boolean docker = this == DOCKER;
        if (MediaTypes.isDockerFamily(manifest.mediaType()) == docker) return manifest;
        Descriptor config = manifest.config();
        config = new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, config.digest(), config.size(),
                null, config.annotations());
        List<Descriptor> layers = manifest.layers().stream().map(l -> {
            Compression compression = LayerBytes.compressionNamedBy(l.mediaType()).orElseThrow(() ->
                    new PlaceException("layer " + l.digest() + " has media type " + l.mediaType() + ", which has no "
                            + name().toLowerCase(Locale.ROOT) + " equivalent"));
            if (docker && compression == Compression.ZSTD) {
                throw new PlaceException("layer " + l.digest() + " is zstd-compressed, which a Docker manifest cannot describe");
            }
            return new Descriptor(MediaTypes.layerType(docker, compression), l.digest(), l.size(), null, l.annotations());
        }).toList();
        return Manifest.create(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST, config, layers);
    }
}
