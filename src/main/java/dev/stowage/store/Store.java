package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded image store: an OCI image layout on disk ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/…}) plus a {@code tmp/} staging area on the same filesystem and a {@code .lock} file.
 * Blobs are immutable and content-addressed; index.json is only ever replaced whole, under the lock held
 * exclusively; readers of index.json and the documents it names hold it shared ({@link #images}).
 */
public final class Store {
    public static final long MAX_MANIFEST_SIZE = 4L << 20;
    public static final long MAX_CONFIG_SIZE = 4L << 20;
    static final String LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}";

    /** An edit of index.json made under the lock; the index is written back only if the edit returns. */
    public interface IndexChange<T> {
        T apply(StoreIndex index) throws IOException;
    }

    private final Path root;
    private final StoreLock lock;

    private Store(Path root) {
        this.root = root;
        this.lock = new StoreLock(root.resolve(".lock"));
    }

    /** Opens the store at {@code root}, creating an empty layout there if it has none. */
    public static Store open(Path root) throws IOException {
        Path abs = root.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new StoreException("store location " + abs + " is not a directory");
        }
        Files.createDirectories(abs.resolve("blobs").resolve("sha256"));
        Files.createDirectories(abs.resolve("tmp"));
        Store store = new Store(abs);
        if (!Files.exists(abs.resolve("index.json")) || !Files.exists(abs.resolve("oci-layout"))) {
            store.lock.withLock(() -> {
                if (!Files.exists(abs.resolve("oci-layout"))) {
                    FileOps.writeAtomically(abs.resolve("oci-layout"), LAYOUT.getBytes(StandardCharsets.UTF_8));
                }
                if (!Files.exists(abs.resolve("index.json"))) {
                    FileOps.writeAtomically(abs.resolve("index.json"), StoreIndex.empty().toBytes());
                }
                return null;
            });
        }
        return store;
    }

    /** {@code --store DIR}, else {@code $STOWAGE_STORE}, else {@code ${XDG_DATA_HOME:-~/.local/share}/stowage}. */
    public static Path defaultLocation(Map<String, String> env) {
        String explicit = env.get("STOWAGE_STORE");
        if (explicit != null && !explicit.isBlank()) return Paths.get(explicit);
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".local", "share");
        return base.resolve("stowage");
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    public InputStream openBlob(Digest digest) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw missing(digest, "blob");
        }
    }

    /** Whether the index now reaches the blob (or a working container's image uses it). */
    boolean reachable(Digest digest) throws IOException {
        return reading(() -> new GarbageCollector(this).reachable(readIndex()).contains(digest));
    }

    /**
     * Why a blob is not there: the index still reaches it (the store is damaged), or another process removed
     * the image that used it since the caller read the index (nothing is wrong with the store).
     */
    private StoreException missing(Digest digest, String what) throws IOException {
        return new StoreException(reachable(digest)
                ? what + " " + digest + " is missing from the store (run 'stowage verify')"
                : what + " " + digest + " is no longer in the store: another command removed the image that used it");
    }

    public long blobSize(Digest digest) throws IOException {
        return Files.size(blobPath(digest));
    }

    /** Reads a small blob (manifest, config) whole, refusing more than {@code cap} bytes. */
    public byte[] readBlob(Digest digest, long cap, String what) throws IOException {
        Path p = blobPath(digest);
        try {
            if (Files.size(p) > cap) throw new StoreException(what + " " + digest + " is larger than " + cap + " bytes");
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw missing(digest, what);
        }
    }

    public StoreCaches caches() {
        return new StoreCaches(this);
    }

    /** A new private staging area; close it to throw away whatever was not published. */
    public Staging newStaging() throws IOException {
        return new Staging(this, WorkArea.createTemp(root.resolve("tmp"), "stage-"));
    }

    public StoreIndex readIndex() throws IOException {
        try {
            return StoreIndex.parse(Files.readAllBytes(root.resolve("index.json")));
        } catch (NoSuchFileException e) {
            return StoreIndex.empty();
        } catch (ImageFormatException e) {
            throw new StoreException("the store's index.json is damaged: " + e.getMessage());
        }
    }

    /** Runs {@code change} on a fresh copy of index.json under the exclusive lock and writes it back atomically. */
    public <T> T modifyIndex(IndexChange<T> change) throws IOException {
        return lock.withLock(() -> {
            StoreIndex index = readIndex();
            byte[] before = index.toBytes();
            T result = change.apply(index);
            byte[] after = index.toBytes();
            if (!Arrays.equals(before, after)) FileOps.writeAtomically(root.resolve("index.json"), after);
            return result;
        });
    }

    /** Runs an action holding the store lock (garbage collection, multi-step removals). */
    public <T> T locked(StoreLock.Action<T> action) throws IOException {
        return lock.withLock(action);
    }

    /**
     * Runs an action that reads index.json and what it references holding the lock shared: it sees one state of
     * the store, as no other process or thread changes the store meanwhile. Keep it short: writers wait.
     */
    <T> T reading(StoreLock.Action<T> action) throws IOException {
        return lock.reading(action);
    }

    public Manifest readManifest(Descriptor d) throws IOException {
        try {
            return Manifest.parse(readBlob(d.digest(), MAX_MANIFEST_SIZE, "manifest"), d.mediaType());
        } catch (ImageFormatException e) {
            throw new StoreException("manifest " + d.digest() + ": " + e.getMessage());
        }
    }

    public ImageConfig readConfig(Descriptor d) throws IOException {
        try {
            return ImageConfig.parse(readBlob(d.digest(), MAX_CONFIG_SIZE, "image config"));
        } catch (ImageFormatException e) {
            throw new StoreException("image config " + d.digest() + ": " + e.getMessage());
        }
    }

    /** The image manifest an index entry stands for: itself, or an index's manifest for this platform. */
    public Optional<Descriptor> imageManifestOf(Descriptor target) throws IOException {
        if (!MediaTypes.isIndex(target.mediaType())) return Optional.of(target);
        Index index = Index.parse(readBlob(target.digest(), MAX_MANIFEST_SIZE, "index"), target.mediaType(), "index");
        Optional<Descriptor> chosen = index.forPlatform(Platform.current()).filter(d -> hasBlob(d.digest()));
        if (chosen.isPresent()) return chosen;
        return index.manifests().stream()
                .filter(d -> MediaTypes.isManifest(d.mediaType()) && hasBlob(d.digest())).findFirst();
    }

    /** Every image the index lists, once per target, with all its names, in index order: one state of the store. */
    public List<LocalImage> images() throws IOException {
        return reading(this::readImages);
    }

    private List<LocalImage> readImages() throws IOException {
        Map<Digest, List<StoreIndex.Entry>> byTarget = new LinkedHashMap<>();
        for (StoreIndex.Entry e : readIndex().entries()) {
            byTarget.computeIfAbsent(e.descriptor().digest(), k -> new ArrayList<>()).add(e);
        }
        List<LocalImage> images = new ArrayList<>();
        for (List<StoreIndex.Entry> group : byTarget.values()) {
            Descriptor target = group.get(0).descriptor().withAnnotations(Map.of());
            Optional<Descriptor> manifestDescriptor = imageManifestOf(target);
            if (manifestDescriptor.isEmpty()) continue;
            Manifest manifest = readManifest(manifestDescriptor.get());
            ImageConfig config = readConfig(manifest.config());
            List<Reference> names = group.stream().flatMap(e -> e.reference().stream()).distinct().toList();
            Map<Reference, Digest> pulled = new LinkedHashMap<>();
            for (StoreIndex.Entry e : group) {
                String d = e.descriptor().annotations().get(StoreIndex.PULLED_DIGEST_ANNOTATION);
                if (e.reference().isPresent() && d != null && Digest.isDigest(d)) pulled.put(e.reference().get(), Digest.parse(d));
            }
            images.add(new LocalImage(target, manifest, config, names, pulled));
        }
        return images;
    }
}
