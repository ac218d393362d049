package dev.stowage.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One image as {@code docker image inspect} shapes it: what {@code stowage inspect} prints and the app's Inspect
 * tab shows. Built from the image's parts (the store's image record lives above this package).
 */
public final class InspectDocument {
    private InspectDocument() {
    }

    /**
     * @param names      every name the image has (tagged ones become RepoTags)
     * @param repoDigest the digest a name resolved to when pulled (RepoDigests)
     * @param size       the image's size as the store counts it
     * @param target     the descriptor its names point to
     */
    public static ObjectNode of(Digest id, List<Reference> names, Function<Reference, Digest> repoDigest,
                                ImageConfig config, long size, Descriptor target) {
        ObjectNode o = Json.object();
        o.put("Id", id.toString());
        ArrayNode tags = o.putArray("RepoTags");
        names.stream().filter(n -> n.tag().isPresent()).forEach(n -> tags.add(n.familiarString()));
        ArrayNode digests = o.putArray("RepoDigests");
        Set<String> repoDigests = new LinkedHashSet<>();
        for (Reference n : names) repoDigests.add(n.withDigest(repoDigest.apply(n)).familiarString());
        repoDigests.forEach(digests::add);
        o.put("Parent", "");
        o.put("Comment", nullToEmpty(config.comment()));
        o.put("Created", config.created() == null ? "" : config.created().toString());
        o.put("DockerVersion", nullToEmpty(Json.text(config.json(), "docker_version")));
        o.put("Author", nullToEmpty(config.author()));
        JsonNode runtime = config.runtimeConfig();
        if (runtime == null) o.putNull("Config"); else o.set("Config", runtime);
        o.put("Architecture", nullToEmpty(config.architecture()));
        if (config.variant() != null) o.put("Variant", config.variant());
        o.put("Os", nullToEmpty(config.os()));
        o.put("Size", size);
        ObjectNode rootfs = o.putObject("RootFS");
        rootfs.put("Type", "layers");
        ArrayNode layers = rootfs.putArray("Layers");
        for (Digest d : config.diffIds()) layers.add(d.toString());
        o.set("Descriptor", target.toJson());
        return o;
    }

    /** The text {@code inspect} prints for these documents: one JSON array, indented as docker does. */
    public static String text(List<? extends JsonNode> documents) {
        ArrayNode array = Json.array();
        documents.forEach(array::add);
        return Json.pretty(array);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
