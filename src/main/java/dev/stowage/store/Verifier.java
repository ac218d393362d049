package dev.stowage.store;

import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.LayerBytes;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.util.Compressors;
import dev.stowage.util.Hashing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the whole store: every blob re-hashed against its name, every index entry's manifest, config and
 * layers present with the sizes their descriptors give, and every layer's diffID equal to the config's.
 */
public final class Verifier {
    /** The outcome: blobs checked and one line per problem found. */
    public record Report(int blobsChecked, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final Store store;
    private final List<String> problems = new ArrayList<>();
    private final Set<Digest> badBlobs = new HashSet<>();

    public Verifier(Store store) {
        this.store = store;
    }

    /**
     * Re-hashes the blobs without the lock, checks the index and its documents holding the lock shared, then
     * re-hashes compressed layers for their diffIDs without it. A blob another process removes meanwhile is
     * not a problem unless the index still reaches it.
     */
    public Report verify() throws IOException {
        int checked = checkBlobNames();
        List<LayerCheck> layers = new ArrayList<>();
        boolean indexRead = store.reading(() -> {
            StoreIndex index;
            try {
                index = store.readIndex();
            } catch (StoreException e) {
                problems.add(e.getMessage());
                return false;
            }
            Set<Digest> seen = new HashSet<>();
            for (StoreIndex.Entry e : index.entries()) {
                String label = e.reference().map(Object::toString).orElse("untagged " + e.descriptor().digest());
                checkTarget(e.descriptor(), label, seen, layers);
            }
            return true;
        });
        if (indexRead) {
            for (LayerCheck layer : layers) checkDiffId(layer);
        }
        return new Report(checked, List.copyOf(problems));
    }

    /** A compressed layer whose diffID is still to be checked. */
    private record LayerCheck(String label, int position, Descriptor layer, Digest diffId) {
    }

    private int checkBlobNames() throws IOException {
        int checked = 0;
        try (DirectoryStream<Path> blobs = Files.newDirectoryStream(store.root().resolve("blobs").resolve("sha256"))) {
            for (Path blob : blobs) {
                String name = blob.getFileName().toString();
                if (!Digest.isDigest("sha256:" + name)) {
                    checked++;
                    problems.add("blobs/sha256/" + name + ": not a sha256 digest name");
                    continue;
                }
                Digest expected = Digest.parse("sha256:" + name);
                Digest actual;
                try (InputStream in = Files.newInputStream(blob)) {
                    actual = Hashing.sha256(in);
                } catch (NoSuchFileException e) {
                    continue; // removed by a garbage collection since the listing
                }
                checked++;
                if (!actual.equals(expected)) {
                    badBlobs.add(expected);
                    problems.add("blob " + expected + ": content hashes to " + actual);
                }
            }
        }
        return checked;
    }

    private void checkDiffId(LayerCheck check) throws IOException {
        Digest diffId;
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(store.blobPath(check.layer().digest())))) {
            LayerBytes.mismatch(check.layer(), Compressors.detect(in)).ifPresent(why -> problems.add(check.label() + ": " + why));
            diffId = Hashing.diffId(in, "layer " + check.layer().digest());
        } catch (NoSuchFileException e) {
            if (store.reachable(check.layer().digest())) problems.add(check.label() + ": layer " + check.layer().digest() + " is missing");
            return;
        } catch (ImageFormatException | StoreException e) {
            problems.add(check.label() + ": " + e.getMessage());
            return;
        }
        if (!diffId.equals(check.diffId())) {
            problems.add(check.label() + ": layer " + check.position() + " " + check.layer().digest() + " has diffID " + diffId
                    + " but config says " + check.diffId());
        }
    }

    private boolean present(Descriptor d, String what, String label) throws IOException {
        if (!store.hasBlob(d.digest())) {
            problems.add(label + ": " + what + " " + d.digest() + " is missing");
            return false;
        }
        long size = store.blobSize(d.digest());
        if (size != d.size()) {
            problems.add(label + ": " + what + " " + d.digest() + " is " + size + " bytes, descriptor says " + d.size());
            return false;
        }
        return !badBlobs.contains(d.digest());
    }

    private void checkTarget(Descriptor d, String label, Set<Digest> seen, List<LayerCheck> layers) throws IOException {
        if (!seen.add(d.digest())) return;
        try {
            if (MediaTypes.isIndex(d.mediaType())) {
                if (!present(d, "index", label)) return;
                Index index = Index.parse(store.readBlob(d.digest(), Store.MAX_MANIFEST_SIZE, "index"), d.mediaType(), "index");
                for (Descriptor child : index.manifests()) {
                    if (store.hasBlob(child.digest())) checkTarget(child, label, seen, layers);
                }
                return;
            }
            if (!present(d, "manifest", label)) return;
            Manifest manifest = store.readManifest(d);
            if (!present(manifest.config(), "config", label)) return;
            ImageConfig config = store.readConfig(manifest.config());
            if (config.diffIds().size() != manifest.layers().size()) {
                problems.add(label + ": manifest has " + manifest.layers().size() + " layers but config lists "
                        + config.diffIds().size() + " diff_ids");
                return;
            }
            for (int i = 0; i < manifest.layers().size(); i++) {
                Descriptor layer = manifest.layers().get(i);
                if (!present(layer, "layer", label)) continue;
                if (layer.digest().equals(config.diffIds().get(i))) { // uncompressed: already re-hashed above
                    LayerBytes.mismatch(layer, Compression.NONE).ifPresent(why -> problems.add(label + ": " + why));
                    continue;
                }
                layers.add(new LayerCheck(label, i + 1, layer, config.diffIds().get(i)));
            }
        } catch (ImageFormatException | StoreException e) {
            problems.add(label + ": " + e.getMessage());
        }
    }
}
