package dev.stowage.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import dev.stowage.store.StoreIndex;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents an archive or image layout is made of, as Docker 25 writes them: {@code oci-layout},
 * {@code index.json} (each name in {@code io.containerd.image.name}, its tag in
 * {@code org.opencontainers.image.ref.name}) and, for a docker-archive, {@code manifest.json}; blobs under
 * {@code blobs/sha256/}.
 */
public final class ArchiveDocuments {
    public static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
    private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);

    /** One image of an archive and the names it is given there. */
    public record Entry(Manifest manifest, List<Reference> names) {
    }

    private ArchiveDocuments() {
    }

    public static String blobPath(Digest d) {
        return ArchiveLoader.blobPath(d);
    }

    public static byte[] ociIndex(List<Entry> entries) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = root.putArray("manifests");
        for (Entry entry : entries) {
            Descriptor d = entry.manifest().descriptor();
            if (entry.names().isEmpty()) manifests.add(d.toJson());
            for (Reference name : entry.names()) {
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(StoreIndex.NAME_ANNOTATION, name.toString());
                name.tag().ifPresent(t -> annotations.put(StoreIndex.REF_NAME_ANNOTATION, t));
                manifests.add(d.withAnnotations(annotations).toJson());
            }
        }
        return Json.bytes(root);
    }

    public static byte[] dockerManifest(List<Entry> entries) {
        ArrayNode root = Json.array();
        for (Entry entry : entries) {
            Manifest m = entry.manifest();
            ObjectNode item = root.addObject();
            item.put("Config", blobPath(m.config().digest()));
            ArrayNode tags = item.putArray("RepoTags");
            entry.names().stream().filter(n -> n.tag().isPresent())
                    .forEach(n -> tags.add(n.withTag(n.tag().get()).familiarString()));
            ArrayNode layers = item.putArray("Layers");
            m.layers().forEach(l -> layers.add(blobPath(l.digest())));
        }
        return Json.bytes(root);
    }

    /** A regular file entry as archives are written: mode 0644, time 0. */
    public static TarArchiveEntry fileEntry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        e.setLastModifiedTime(EPOCH);
        return e;
    }

    public static TarArchiveEntry directoryEntry(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setLastModifiedTime(EPOCH);
        return e;
    }
}
