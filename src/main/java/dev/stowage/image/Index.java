package dev.stowage.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An OCI image index or Docker manifest list, kept as its raw bytes. */
public final class Index {
    private final byte[] raw;
    private final Digest digest;
    private final String mediaType;
    private final List<Descriptor> manifests;

    private Index(byte[] raw, String mediaType, List<Descriptor> manifests) {
        this.raw = raw;
        this.digest = Digest.sha256(raw);
        this.mediaType = mediaType;
        this.manifests = List.copyOf(manifests);
    }

    public static Index parse(byte[] raw, String declaredType, String what) {
        ObjectNode root = Json.parseObject(raw, what);
        String mediaType = Json.text(root, "mediaType");
        if (mediaType == null) mediaType = declaredType != null ? declaredType : MediaTypes.OCI_INDEX;
        if (!MediaTypes.isIndex(mediaType)) {
            throw new ImageFormatException(what + " has media type '" + mediaType + "', not an index");
        }
        JsonNode list = root.get("manifests");
        List<Descriptor> manifests = new ArrayList<>();
        if (list != null && list.isArray()) {
            for (int i = 0; i < list.size(); i++) {
                manifests.add(Descriptor.fromJson(list.get(i), "entry " + (i + 1) + " of " + what));
            }
        } else if (list != null && !list.isNull()) {
            throw new ImageFormatException(what + " has a 'manifests' field that is not an array");
        }
        return new Index(raw, mediaType, manifests);
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

    public List<Descriptor> manifests() {
        return manifests;
    }

    /** The image manifest for a platform, the first match in index order. */
    public Optional<Descriptor> forPlatform(Platform platform) {
        return manifests.stream()
                .filter(d -> MediaTypes.isManifest(d.mediaType()) || d.mediaType() == null)
                .filter(d -> d.platform() != null && platform.matches(d.platform()))
                .findFirst();
    }
}
