package dev.stowage.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A content descriptor: media type, digest and size of a blob, with optional platform and annotations. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {

    public Descriptor {
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, Map.of());
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, platform, newAnnotations);
    }

    /** Reads a descriptor object; {@code what} names it in errors ("layer 2 of manifest"). */
    public static Descriptor fromJson(JsonNode node, String what) {
        if (node == null || !node.isObject()) throw new ImageFormatException(what + " is missing or not an object");
        String mediaType = Json.text(node, "mediaType");
        String digest = Json.text(node, "digest");
        if (digest == null) throw new ImageFormatException(what + " has no digest");
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToLong() || size.asLong() < 0) {
            throw new ImageFormatException(what + " has no valid size");
        }
        Platform platform = null;
        JsonNode p = node.get("platform");
        if (p != null && p.isObject() && Json.text(p, "os") != null && Json.text(p, "architecture") != null) {
            platform = new Platform(Json.text(p, "os"), Json.text(p, "architecture"), Json.text(p, "variant"));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        JsonNode a = node.get("annotations");
        if (a != null && a.isObject()) {
            a.fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        }
        try {
            return new Descriptor(mediaType, Digest.parse(digest), size.asLong(), platform, annotations);
        } catch (ImageFormatException e) {
            throw new ImageFormatException(what + ": " + e.getMessage());
        }
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        if (mediaType != null) node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", size);
        if (platform != null) {
            ObjectNode p = node.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.variant() != null) p.put("variant", platform.variant());
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            annotations.forEach(a::put);
        }
        return node;
    }
}
