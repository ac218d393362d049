package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.MediaTypes;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Deletes blobs that nothing in index.json reaches, and what killed processes left: staging areas and container
 * creations no live process owns ({@link WorkArea}), and index.json rewrites cut short. The image a working
 * container was made from ({@code containers/<id>/container.json}, field {@code ImageManifest}, also while it is
 * being created) stays, so that it can be committed on top of even after its tag is removed; leftovers of
 * interrupted container removals are deleted.
 */
public final class GarbageCollector {
    /** A work area without a lock file (made by an older version) untouched this long belongs to a process that died. */
    static final Duration STALE_STAGING = Duration.ofHours(24);

    /** What a collection removed. */
    public record Result(int blobsDeleted, long bytesFreed) {
    }

    private final Store store;

    public GarbageCollector(Store store) {
        this.store = store;
    }

    /** Collects under the store lock, so no load can publish between marking and sweeping. */
    public Result collect() throws IOException {
        return store.locked(() -> {
            Set<Digest> live = reachable(store.readIndex());
            keepCompressedCopies(live);
            int deleted = 0;
            long freed = 0;
            try (DirectoryStream<Path> blobs = Files.newDirectoryStream(store.root().resolve("blobs").resolve("sha256"))) {
                for (Path blob : blobs) {
                    String name = blob.getFileName().toString();
                    if (Digest.isDigest("sha256:" + name) && live.contains(Digest.parse("sha256:" + name))) continue;
                    freed += Files.size(blob);
                    Files.delete(blob);
                    deleted++;
                }
            }
            freed += removeAbandonedWork();
            removeInterruptedRemovals();
            return new Result(deleted, freed);
        });
    }

    /** Every blob reachable from the index: manifests, indexes, configs, layers. Missing blobs are skipped. */
    public Set<Digest> reachable(StoreIndex index) throws IOException {
        Set<Digest> live = new HashSet<>();
        for (StoreIndex.Entry e : index.entries()) mark(e.descriptor(), live);
        for (Descriptor d : containerImages()) mark(d, live);
        return live;
    }

    /**
     * What a collection would keep if {@code index} were the store's index: every blob it reaches, the images of
     * working containers, and the compressed copies made for pushing live layers. Reads only.
     */
    Set<Digest> wouldKeep(StoreIndex index) throws IOException {
        Set<Digest> live = reachable(index);
        StoreCaches caches = store.caches();
        for (Path entry : caches.compressedEntries()) {
            String hex = entry.getFileName().toString();
            if (!Digest.isDigest("sha256:" + hex)) continue;
            Digest diffId = Digest.parse("sha256:" + hex);
            if (live.contains(diffId)) caches.compressedFor(diffId).ifPresent(d -> live.add(d.digest()));
        }
        return live;
    }

    /** The image manifests working containers were made from. */
    private List<Descriptor> containerImages() throws IOException {
        Path dir = store.root().resolve("containers");
        List<Descriptor> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> containers = Files.newDirectoryStream(dir)) {
            for (Path c : containers) {
                if (c.getFileName().toString().startsWith(".removing-")) continue;
                Path metadata = c.resolve("container.json");
                if (!Files.isRegularFile(metadata)) continue;
                try {
                    JsonNode json = Json.parseObject(Files.readAllBytes(metadata), "container.json");
                    out.add(Descriptor.fromJson(json.get("ImageManifest"), "container.json ImageManifest"));
                } catch (ImageFormatException e) {
                    // a damaged container keeps nothing alive
                }
            }
        }
        return out;
    }

    private void mark(Descriptor d, Set<Digest> live) throws IOException {
        if (!live.add(d.digest()) || !store.hasBlob(d.digest())) return;
        try {
            if (MediaTypes.isIndex(d.mediaType())) {
                Index index = Index.parse(store.readBlob(d.digest(), Store.MAX_MANIFEST_SIZE, "index"), d.mediaType(), "index");
                for (Descriptor child : index.manifests()) mark(child, live);
            } else if (MediaTypes.isManifest(d.mediaType()) || d.mediaType() == null) {
                var manifest = store.readManifest(d);
                live.add(manifest.config().digest());
                manifest.layers().forEach(l -> live.add(l.digest()));
            }
        } catch (ImageFormatException | StoreException e) {
            // A damaged document keeps only itself alive; 'verify' reports it.
        }
    }

    /** The gzip blob made for pushing a live uncompressed layer stays; entries of dead layers go. */
    private void keepCompressedCopies(Set<Digest> live) throws IOException {
        StoreCaches caches = store.caches();
        for (Path entry : caches.compressedEntries()) {
            String hex = entry.getFileName().toString();
            Digest diffId = Digest.isDigest("sha256:" + hex) ? Digest.parse("sha256:" + hex) : null;
            if (diffId != null && live.contains(diffId)) {
                caches.compressedFor(diffId).ifPresent(d -> live.add(d.digest()));
            } else {
                Files.deleteIfExists(entry);
            }
        }
    }

    private void removeInterruptedRemovals() throws IOException {
        Path dir = store.root().resolve("containers");
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path d : dirs.toList()) {
                if (d.getFileName().toString().startsWith(".removing-")) FileOps.deleteRecursively(d);
            }
        }
    }

    /**
     * Staging areas and container creations whose process is gone, and index.json rewrites a kill cut short (no
     * rewrite is under way: this runs under the store lock). Returns the bytes freed.
     */
    private long removeAbandonedWork() throws IOException {
        Path tmp = store.root().resolve("tmp");
        Path containers = store.root().resolve("containers");
        long freed = WorkArea.removeAbandoned(tmp) + WorkArea.removeAbandoned(containers);
        removeStaleWithoutOwner(tmp, "");
        removeStaleWithoutOwner(containers, ".creating-");
        try (DirectoryStream<Path> rewrites = Files.newDirectoryStream(store.root(), ".{index.json,oci-layout}.*.tmp")) {
            for (Path f : rewrites) {
                freed += Files.size(f);
                Files.deleteIfExists(f);
            }
        }
        return freed;
    }

    /** Directories made by older versions, which had no owner lock: removed after a day. */
    private static void removeStaleWithoutOwner(Path parent, String prefix) throws IOException {
        if (!Files.isDirectory(parent)) return;
        Instant cutoff = Instant.now().minus(STALE_STAGING);
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path d : entries.toList()) {
                if (!d.getFileName().toString().startsWith(prefix) || !Files.isDirectory(d) || WorkArea.isWorkArea(d)) continue;
                FileTime modified = Files.getLastModifiedTime(d);
                if (modified.toInstant().isBefore(cutoff)) FileOps.deleteRecursively(d);
            }
        }
    }
}
