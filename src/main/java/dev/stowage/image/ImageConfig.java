package dev.stowage.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** An image configuration (OCI / Docker): runtime config, rootfs.diff_ids and history, over its raw bytes. */
public final class ImageConfig {
    private final byte[] raw;
    private final ObjectNode root;
    private final List<Digest> diffIds;
    private final List<HistoryEntry> history;

    /** One line of {@code docker history}: an empty layer has no rootfs entry of its own. */
    public record HistoryEntry(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {
    }

    private ImageConfig(byte[] raw, ObjectNode root, List<Digest> diffIds, List<HistoryEntry> history) {
        this.raw = raw;
        this.root = root;
        this.diffIds = List.copyOf(diffIds);
        this.history = List.copyOf(history);
    }

    public static ImageConfig parse(byte[] raw) {
        ObjectNode root = Json.parseObject(raw, "image config");
        JsonNode rootfs = root.get("rootfs");
        if (rootfs == null || !rootfs.isObject()) throw new ImageFormatException("image config has no rootfs");
        JsonNode ids = rootfs.get("diff_ids");
        if (ids == null || !ids.isArray()) throw new ImageFormatException("image config has no rootfs.diff_ids");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode id : ids) {
            try {
                diffIds.add(Digest.parse(id.asText()));
            } catch (ImageFormatException e) {
                throw new ImageFormatException("image config rootfs.diff_ids: " + e.getMessage());
            }
        }
        List<HistoryEntry> history = new ArrayList<>();
        JsonNode h = root.get("history");
        if (h != null && h.isArray()) {
            for (JsonNode e : h) {
                history.add(new HistoryEntry(instant(Json.text(e, "created")), Json.text(e, "created_by"),
                        Json.text(e, "author"), Json.text(e, "comment"), e.path("empty_layer").asBoolean(false)));
            }
        }
        return new ImageConfig(raw, root, diffIds, history);
    }

    static Instant instant(String text) {
        if (text == null || text.isEmpty()) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public byte[] raw() {
        return raw.clone();
    }

    public Digest digest() {
        return Digest.sha256(raw);
    }

    /** The config document as JSON (a copy: the raw bytes stay authoritative). */
    public ObjectNode json() {
        return root.deepCopy();
    }

    public List<Digest> diffIds() {
        return diffIds;
    }

    public List<HistoryEntry> history() {
        return history;
    }

    public Instant created() {
        return instant(Json.text(root, "created"));
    }

    public String author() {
        return Json.text(root, "author");
    }

    public String comment() {
        return Json.text(root, "comment");
    }

    public String os() {
        return Json.text(root, "os");
    }

    public String architecture() {
        return Json.text(root, "architecture");
    }

    public String variant() {
        return Json.text(root, "variant");
    }

    /** The runtime "config" object (Cmd, Env, …), or null when the image has none. */
    public JsonNode runtimeConfig() {
        JsonNode c = root.get("config");
        return c == null || c.isNull() ? null : c.deepCopy();
    }

    /** Entrypoint followed by Cmd: what a container of this image runs (docker's Path and Args). */
    public java.util.List<String> command() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        JsonNode c = root.path("config");
        for (String field : java.util.List.of("Entrypoint", "Cmd")) {
            JsonNode n = c.get(field);
            if (n != null && n.isArray()) n.forEach(x -> parts.add(x.asText()));
        }
        return parts;
    }
}
