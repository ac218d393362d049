package dev.stowage.ui.images;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.engine.EngineHistoryEntry;
import dev.stowage.engine.ImageDetails;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.InspectDocument;
import dev.stowage.image.Reference;
import dev.stowage.layer.HistorySteps;
import dev.stowage.layer.UncompressedSizes;
import dev.stowage.store.LocalImage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the details pane shows of one image, wherever it lives: the Overview's fields as text (the runtime
 * config's lists and maps joined), its size (uncompressed, as docker counts it) and stored size (-1: not
 * known), the History rows, newest first, and the Inspect tab's text: what {@code stowage inspect} prints for it
 * (for an engine image, what the engine's inspect returns).
 */
public record ImageOverview(String id, String digest, String names, Instant created, String author, String comment,
                            String platform, long size, long storedSize, String cmd, String entrypoint, String env,
                            String workingDir, String exposedPorts, String labels, List<HistoryRow> history,
                            String inspect) {

    /** One step of the history: when, the command, the comment, whether it made a layer and the layer's size (uncompressed). */
    public record HistoryRow(Instant created, String createdBy, String comment, boolean emptyLayer, long size) {
    }

    /** A store image; reads (once, remembered by {@code sizes}) its layers to count their uncompressed sizes. */
    public static ImageOverview of(LocalImage image, UncompressedSizes sizes) throws IOException {
        ImageConfig config = image.config();
        JsonNode runtime = config.runtimeConfig();
        String platform = nz(config.os()) + "/" + nz(config.architecture()) + (config.variant() == null ? "" : "/" + config.variant());
        List<HistoryRow> history = new ArrayList<>();
        for (HistorySteps.Step h : HistorySteps.newestFirst(config.history(), image.manifest().layers())) {
            history.add(new HistoryRow(h.created(), h.createdBy(), h.comment(), h.emptyLayer(), h.emptyLayer() ? 0 : sizes.layer(h.layer())));
        }
        return new ImageOverview(image.id().toString(), image.target().digest().toString(),
                String.join(", ", image.names().stream().map(Reference::familiarString).toList()), config.created(),
                nz(config.author()), nz(config.comment()), platform, sizes.image(image), image.size(),
                list(runtime, "Cmd", " "), list(runtime, "Entrypoint", " "),
                list(runtime, "Env", "\n"), runtime == null ? "" : text(runtime.get("WorkingDir")),
                keys(runtime, "ExposedPorts", ", ", false), keys(runtime, "Labels", "\n", true), history,
                InspectDocument.text(List.of(InspectDocument.of(image.id(), image.names(), image::repoDigest, config,
                        image.size(), image.target()))));
    }

    /** An engine image, from its inspect answer and history (a step of size 0 made no layer). */
    public static ImageOverview of(ImageDetails d, List<EngineHistoryEntry> engineHistory) {
        JsonNode runtime = d.config();
        List<HistoryRow> history = engineHistory.stream()
                .map(h -> new HistoryRow(h.created(), nz(h.createdBy()), nz(h.comment()), h.size() == 0, h.size())).toList();
        List<String> names = new ArrayList<>();
        for (String tag : d.repoTags()) {
            try {
                names.add(Reference.parse(tag).familiarString());
            } catch (RuntimeException e) {
                names.add(tag);
            }
        }
        return new ImageOverview(d.id(), String.join(", ", d.repoDigests()), String.join(", ", names), d.created(),
                nz(d.author()), nz(d.comment()), nz(d.os()) + "/" + nz(d.architecture()), d.size(), -1, list(runtime, "Cmd", " "),
                list(runtime, "Entrypoint", " "), list(runtime, "Env", "\n"), text(runtime.get("WorkingDir")),
                keys(runtime, "ExposedPorts", ", ", false), keys(runtime, "Labels", "\n", true), history,
                InspectDocument.text(List.of(d.inspect())));
    }

    private static String list(JsonNode runtime, String field, String separator) {
        JsonNode node = runtime == null ? null : runtime.get(field);
        if (node == null || node.isNull()) return "";
        if (!node.isArray()) return node.asText();
        List<String> parts = new ArrayList<>();
        node.forEach(n -> parts.add(n.asText()));
        return String.join(separator, parts);
    }

    private static String keys(JsonNode runtime, String field, String separator, boolean withValues) {
        JsonNode node = runtime == null ? null : runtime.get(field);
        if (node == null || !node.isObject()) return "";
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            parts.add(withValues ? e.getKey() + "=" + e.getValue().asText() : e.getKey());
        }
        return String.join(separator, parts);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
