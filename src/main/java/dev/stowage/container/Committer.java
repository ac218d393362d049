package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import dev.stowage.layer.LayerContents;
import dev.stowage.store.BlobSink;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;
import dev.stowage.store.StoreException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code commit}: a new image = the container's image + one layer of exactly what changed in its rootfs.
 * <p>
 * The layer holds, sorted by {@link ContainerDiff#PATH_ORDER}: added and modified entries with their parent
 * directories, a {@code .wh.NAME} whiteout per deleted path (topmost only), and for a directory that was
 * deleted and made again a {@code .wh..wh..opq} opaque marker plus all of its content. It is stored
 * uncompressed (its digest is its diffID). The config is the parent's with {@code author}, {@code comment},
 * {@code created}, a history entry ({@code created_by} = the image's Cmd, as docker's commit writes the
 * container's command), the new diffID and the {@code --change} instructions; the manifest is of the parent's
 * family (Docker schema2 or OCI). With nothing changed no layer is added and the history entry is an
 * {@code empty_layer}, as docker does. Blobs and tag are published together; a failure leaves the store as
 * it was.
 */
public final class Committer {
    /** What to commit: author and message may be null; name null makes an untagged image. */
    public record Request(String author, String message, List<String> changes, Reference name, Long sourceDateEpoch) {
    }

    /** The new image: ID (config digest), manifest, and the layer added (null when nothing changed). */
    public record Result(Digest imageId, Descriptor manifest, Descriptor layer) {
    }

    private final Store store;

    public Committer(Store store) {
        this.store = store;
    }

    public Result commit(Container c, Request request) throws IOException {
        ImageChanges changes = ImageChanges.parseForCommand(request.changes());
        Manifest parent;
        ImageConfig parentConfig;
        try {
            parent = store.readManifest(c.manifest());
            parentConfig = store.readConfig(parent.config());
        } catch (StoreException e) {
            throw new ContainerException("the image of container " + c.shortId() + " (" + c.image() + ") is damaged or gone: "
                    + e.getMessage(), e);
        }
        for (Descriptor l : parent.layers()) {
            if (!store.hasBlob(l.digest())) {
                throw new ContainerException("layer " + l.digest() + " of the image of container " + c.shortId() + " is missing from the store");
            }
        }
        Instant created = request.sourceDateEpoch() != null ? Instant.ofEpochSecond(request.sourceDateEpoch()) : Instant.now();
        boolean docker = MediaTypes.isDockerFamily(parent.mediaType());
        try (Staging staging = store.newStaging()) {
            Descriptor layer = writeLayer(c, staging, request.sourceDateEpoch(), created.getEpochSecond(), docker);
            ObjectNode config = parentConfig.json();
            config.remove("container");
            config.remove("container_config");
            String author = blankToNull(request.author());
            String message = blankToNull(request.message());
            if (author != null) config.put("author", author); else config.remove("author");
            if (message != null) config.put("comment", message); else config.remove("comment");
            config.put("created", created.toString());
            JsonNode rootfs = config.get("rootfs");
            ObjectNode rootfsObject = rootfs instanceof ObjectNode o ? o : config.putObject("rootfs");
            if (!rootfsObject.has("type")) rootfsObject.put("type", "layers");
            ArrayNode diffIds = rootfsObject.get("diff_ids") instanceof ArrayNode a ? a : rootfsObject.putArray("diff_ids");
            if (layer != null) diffIds.add(layer.digest().toString());
            ArrayNode history = config.get("history") instanceof ArrayNode h ? h : config.putArray("history");
            ObjectNode step = history.addObject();
            step.put("created", created.toString());
            if (author != null) step.put("author", author);
            step.put("created_by", createdBy(parentConfig));
            if (message != null) step.put("comment", message);
            if (layer == null) step.put("empty_layer", true);
            changes.applyTo(config);

            byte[] configBytes = Json.bytes(config);
            Digest configDigest = staging.write(configBytes);
            List<Descriptor> layers = new ArrayList<>(parent.layers());
            if (layer != null) layers.add(layer);
            Manifest manifest = Manifest.create(docker ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST,
                    new Descriptor(docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG, configDigest, configBytes.length),
                    layers);
            Digest manifestDigest = staging.write(manifest.raw());
            List<Digest> blobs = new ArrayList<>();
            if (layer != null) blobs.add(layer.digest());
            blobs.add(configDigest);
            blobs.add(manifestDigest);
            Descriptor target = manifest.descriptor();
            staging.publish(blobs, index -> {
                if (request.name() != null) index.tag(request.name(), target);
                else index.addUntagged(target);
                return null;
            });
            return new Result(configDigest, target, layer);
        }
    }

    /** docker's commit: the container's command, joined by spaces. */
    private static String createdBy(ImageConfig config) {
        JsonNode cmd = config.runtimeConfig() == null ? null : config.runtimeConfig().get("Cmd");
        if (cmd == null || !cmd.isArray()) return "";
        List<String> parts = new ArrayList<>();
        cmd.forEach(n -> parts.add(n.asText()));
        return String.join(" ", parts);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Writes the change layer into the staging area; null when nothing changed. */
    private static Descriptor writeLayer(Container c, Staging staging, Long clamp, long markerTime, boolean docker)
            throws IOException {
        RootfsScan scan = RootfsScan.scan(c, false);
        Set<String> parents = new HashSet<>();
        TreeMap<String, IoAction> entries = new TreeMap<>(ContainerDiff.PATH_ORDER);
        LayerWriter[] writer = new LayerWriter[1];
        for (RootfsScan.Item it : scan.items()) {
            if (it.kind() == RootfsScan.Kind.UNCHANGED && !it.inReplaced()) continue;
            checkName(it.path());
            entries.put(it.path(), () -> writer[0].entry(it, c.rootfs()));
            if (it.kind() == RootfsScan.Kind.REPLACED) {
                entries.put(it.path() + "/" + LayerContents.OPAQUE_MARKER, () -> writer[0].opaque(it.path()));
            }
            addParents(it.path(), parents);
        }
        for (SnapshotEntry e : scan.topmostDeleted(false)) {
            String parent = ContainerDiff.parentOf(e.path());
            String marker = (parent.isEmpty() ? "" : parent + "/") + LayerContents.WHITEOUT_PREFIX
                    + e.path().substring(parent.isEmpty() ? 0 : parent.length() + 1);
            entries.put(marker, () -> writer[0].whiteout(e.path()));
            addParents(e.path(), parents);
        }
        if (entries.isEmpty()) return null;
        for (String p : parents) {
            if (entries.containsKey(p)) continue;
            checkName(p);
            RootfsScan.Item dir = scan.directory(p);
            if (dir == null) throw new ContainerException("/" + p + " changed while the commit was reading it; try again");
            entries.put(p, () -> writer[0].entry(dir, c.rootfs()));
        }
        try (BlobSink sink = staging.newSink()) {
            writer[0] = new LayerWriter(sink, c, clamp, markerTime);
            for (IoAction a : entries.values()) a.run();
            writer[0].finish();
            BlobSink.Written written = sink.finish();
            Digest digest = staging.keep(written);
            return new Descriptor(MediaTypes.layerType(docker, Compression.NONE), digest, written.size());
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void addParents(String path, Set<String> parents) {
        for (String p = ContainerDiff.parentOf(path); !p.isEmpty(); p = ContainerDiff.parentOf(p)) {
            if (!parents.add(p)) return;
        }
    }

    /** A name a layer cannot carry: readers would take it for a whiteout. */
    private static void checkName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.startsWith(LayerContents.WHITEOUT_PREFIX)) {
            throw new ContainerException("cannot commit /" + path + ": names starting with " + LayerContents.WHITEOUT_PREFIX
                    + " are reserved for whiteouts in layers");
        }
    }
}
