package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Json;
import dev.stowage.registry.RemoteImage;

import java.util.List;

/**
 * {@code stowage inspect docker://REF}: an image in a registry, not pulled. The JSON has the fields of
 * {@code skopeo inspect}, in its order; an index adds {@code Platforms}, its entries.
 */
final class RemoteInspect {
    private RemoteInspect() {
    }

    static ObjectNode json(RemoteImage image, List<String> tags) {
        ObjectNode o = Json.object();
        JsonNode config = image.config().json();
        JsonNode runtime = image.config().runtimeConfig();
        o.put("Name", image.reference().repository());
        o.put("Digest", image.top().digest().toString());
        tags.forEach(o.putArray("RepoTags")::add);
        JsonNode created = config.get("created");
        if (created == null || !created.isTextual()) o.putNull("Created"); else o.put("Created", created.asText());
        o.put("DockerVersion", textOrEmpty(config.get("docker_version")));
        copyOrNull(o, "Labels", runtime == null ? null : runtime.get("Labels"));
        o.put("Architecture", textOrEmpty(config.get("architecture")));
        if (image.config().variant() != null) o.put("Variant", image.config().variant());
        o.put("Os", textOrEmpty(config.get("os")));
        ArrayNode layers = o.putArray("Layers");
        ArrayNode layersData = o.putArray("LayersData");
        for (Descriptor layer : image.manifest().layers()) {
            layers.add(layer.digest().toString());
            ObjectNode data = layersData.addObject();
            data.put("MIMEType", layer.mediaType());
            data.put("Digest", layer.digest().toString());
            data.put("Size", layer.size());
            if (layer.annotations() == null || layer.annotations().isEmpty()) data.putNull("Annotations");
            else layer.annotations().forEach(data.putObject("Annotations")::put);
        }
        copyOrNull(o, "Env", runtime == null ? null : runtime.get("Env"));
        if (image.isIndex()) {
            ArrayNode platforms = o.putArray("Platforms");
            for (Descriptor entry : image.index().manifests()) {
                ObjectNode p = platforms.addObject();
                p.put("Platform", entry.platform() == null ? "unknown" : entry.platform().toString());
                p.put("Digest", entry.digest().toString());
                p.put("MediaType", entry.mediaType());
                p.put("Size", entry.size());
            }
        }
        return o;
    }

    private static String textOrEmpty(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    private static void copyOrNull(ObjectNode o, String field, JsonNode value) {
        if (value == null || value.isNull()) o.putNull(field); else o.set(field, value.deepCopy());
    }
}
