package dev.stowage.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Json;
import dev.stowage.image.Reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's index.json: one entry per tag, plus untagged entries that keep dangling images alive.
 * <p>
 * An entry's name is written as Docker 25 writes it: {@code io.containerd.image.name} holds the full
 * normalized reference ({@code docker.io/library/busybox:latest}) and {@code org.opencontainers.image.ref.name}
 * only the tag. When reading, a full reference in either annotation is accepted; a tag-only
 * {@code org.opencontainers.image.ref.name} written by another tool (skopeo's {@code oci:DIR:TAG}, umoci) is read
 * the way podman reads it: as the name {@code localhost/TAG:latest}. Unknown fields of entries are kept.
 */
public final class StoreIndex {
    public static final String NAME_ANNOTATION = "io.containerd.image.name";
    public static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
    /** Stowage's own: the digest a registry resolved this name to when it was pulled (an index's, when one platform was taken). */
    public static final String PULLED_DIGEST_ANNOTATION = "dev.stowage.pulled.digest";

    /** One index entry: its JSON (kept for unknown fields), descriptor and name if it has one. */
    public record Entry(ObjectNode json, Descriptor descriptor, Optional<Reference> reference) {
    }

    private final ObjectNode root;
    private final List<Entry> entries;

    private StoreIndex(ObjectNode root, List<Entry> entries) {
        this.root = root;
        this.entries = entries;
    }

    public static StoreIndex empty() {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", "application/vnd.oci.image.index.v1+json");
        return new StoreIndex(root, new ArrayList<>());
    }

    public static StoreIndex parse(byte[] bytes) {
        ObjectNode root = Json.parseObject(bytes, "index.json");
        List<Entry> entries = new ArrayList<>();
        JsonNode manifests = root.get("manifests");
        if (manifests != null && manifests.isArray()) {
            for (int i = 0; i < manifests.size(); i++) {
                JsonNode node = manifests.get(i);
                Descriptor d = Descriptor.fromJson(node, "index.json entry " + (i + 1));
                entries.add(new Entry((ObjectNode) node, d, nameOf(d)));
            }
        }
        return new StoreIndex(root, entries);
    }

    /** The reference an index entry names, read as documented on this class. */
    public static Optional<Reference> nameOf(Descriptor d) {
        String full = d.annotations().get(NAME_ANNOTATION);
        String refName = d.annotations().get(REF_NAME_ANNOTATION);
        try {
            if (full != null && !full.isEmpty()) return Optional.of(Reference.parse(full));
            if (refName == null || refName.isEmpty()) return Optional.empty();
            if (refName.contains("/") || refName.contains(":") || refName.contains("@")) {
                return Optional.of(Reference.parse(refName));
            }
            if (Reference.isValidTag(refName) && Reference.isValid("localhost/" + refName.toLowerCase())) {
                return Optional.of(Reference.parse("localhost/" + refName.toLowerCase()));
            }
        } catch (ImageFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public Optional<Entry> find(Reference reference) {
        return entries.stream().filter(e -> e.reference().filter(reference::equals).isPresent()).findFirst();
    }

    public boolean contains(Digest digest) {
        return entries.stream().anyMatch(e -> e.descriptor().digest().equals(digest));
    }

    /**
     * Points {@code reference} at {@code target}. An image that loses its last name this way stays as an
     * untagged (dangling) entry, as in Docker. Returns the digest the tag pointed to before, if any.
     */
    public Optional<Digest> tag(Reference reference, Descriptor target) {
        Optional<Descriptor> previous = find(reference).map(Entry::descriptor);
        entries.removeIf(e -> e.reference().filter(reference::equals).isPresent());
        entries.removeIf(e -> e.reference().isEmpty() && e.descriptor().digest().equals(target.digest()));
        previous.filter(p -> !p.digest().equals(target.digest()) && !contains(p.digest()))
                .ifPresent(this::addUntagged);
        Map<String, String> annotations = new LinkedHashMap<>(target.annotations());
        annotations.remove(NAME_ANNOTATION);
        annotations.remove(REF_NAME_ANNOTATION);
        annotations.put(NAME_ANNOTATION, reference.toString());
        reference.tag().ifPresent(t -> annotations.put(REF_NAME_ANNOTATION, t));
        Descriptor named = target.withAnnotations(annotations);
        entries.add(new Entry(named.toJson(), named, Optional.of(reference)));
        return previous.map(Descriptor::digest);
    }

    /** Adds an untagged entry unless the digest is already listed. */
    public void addUntagged(Descriptor target) {
        if (contains(target.digest())) return;
        Map<String, String> annotations = new LinkedHashMap<>(target.annotations());
        annotations.remove(NAME_ANNOTATION);
        annotations.remove(REF_NAME_ANNOTATION);
        Descriptor bare = target.withAnnotations(annotations);
        entries.add(new Entry(bare.toJson(), bare, Optional.empty()));
    }

    /** Removes the entry of one name; the image itself stays only if other entries list it. */
    public boolean untag(Reference reference) {
        return entries.removeIf(e -> e.reference().filter(reference::equals).isPresent());
    }

    /** Removes every entry of a digest, tagged or not. */
    public boolean remove(Digest digest) {
        return entries.removeIf(e -> e.descriptor().digest().equals(digest));
    }

    public byte[] toBytes() {
        ObjectNode out = root.deepCopy();
        out.put("schemaVersion", 2);
        ArrayNode array = out.putArray("manifests");
        entries.forEach(e -> array.add(e.json()));
        return Json.bytes(out);
    }
}
