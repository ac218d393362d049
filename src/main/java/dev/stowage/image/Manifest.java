package dev.stowage.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An image manifest (OCI or Docker schema2). The raw bytes are the manifest: they are kept as received and
 * never re-serialized, so the digest never changes.
 */
public final class Manifest {
    private final byte[] raw;
    private final Digest digest;
    private final String mediaType;
    private final Descriptor config;
    private final List<Descriptor> layers;

    private Manifest(byte[] raw, String mediaType, Descriptor config, List<Descriptor> layers) {
        this.raw = raw;
        this.digest = Digest.sha256(raw);
        this.mediaType = mediaType;
        this.config = config;
        this.layers = List.copyOf(layers);
    }

    /** Parses a manifest; {@code declaredType} is the media type from its descriptor (may be null). */
    public static Manifest parse(byte[] raw, String declaredType) {
        ObjectNode root = Json.parseObject(raw, "manifest");
        String mediaType = Json.text(root, "mediaType");
        if (mediaType == null) mediaType = declaredType;
        if (MediaTypes.isSchema1(mediaType) || (root.path("schemaVersion").asInt() == 1)) {
            throw new ImageFormatException("Docker schema1 manifests are not supported");
        }
        if (MediaTypes.isIndex(mediaType) || root.has("manifests")) {
            throw new ImageFormatException("expected an image manifest but found an index");
        }
        if (mediaType == null) mediaType = MediaTypes.OCI_MANIFEST;
        if (!MediaTypes.isManifest(mediaType)) {
            throw new ImageFormatException("unsupported manifest media type '" + mediaType + "'");
        }
        Descriptor config = Descriptor.fromJson(root.get("config"), "manifest config");
        JsonNode layerNodes = root.get("layers");
        if (layerNodes == null || !layerNodes.isArray()) throw new ImageFormatException("manifest has no layers array");
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < layerNodes.size(); i++) {
            layers.add(Descriptor.fromJson(layerNodes.get(i), "layer " + (i + 1) + " of manifest"));
        }
        return new Manifest(raw, mediaType, config, layers);
    }

    /** Builds and serializes a new manifest once; its bytes are fixed from then on. */
    public static Manifest create(String mediaType, Descriptor config, List<Descriptor> layers) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", mediaType);
        root.set("config", config.toJson());
        ArrayNode array = root.putArray("layers");
        layers.forEach(l -> array.add(l.toJson()));
        return new Manifest(Json.bytes(root), mediaType, config, layers);
    }

    public byte[] raw() {
        return raw.clone();
    }

    public Digest digest() {
        return digest;
    }

    public String mediaType() {
        return mediaType;
    }

    public Descriptor config() {
        return config;
    }

    public List<Descriptor> layers() {
        return layers;
    }

    public Descriptor descriptor() {
        return new Descriptor(mediaType, digest, raw.length);
    }

    /** Sum of the sizes of config and layer blobs as stored. */
    public long contentSize() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }
}
