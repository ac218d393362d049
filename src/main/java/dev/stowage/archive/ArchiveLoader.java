package dev.stowage.archive;

import dev.stowage.error.ErrorText;
import dev.stowage.store.SpooledBlob;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.LayerBytes;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;
import dev.stowage.store.StoreIndex;
import dev.stowage.util.CompressionBombException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a docker-archive (legacy or Docker 25+) or OCI archive into the store, like {@code docker load}.
 * <p>
 * The archive is read once, front to back: every regular file goes straight into a private staging area
 * of the store, hashed (and for compressed files also decompressed and hashed) on the way. Only when the
 * whole archive has been read and every check has passed do the blobs and tags become visible, together,
 * under the store lock. Any failure throws {@link ArchiveException} and leaves the store untouched.
 */
public final class ArchiveLoader {
    static final long MAX_MANIFEST_JSON = 1L << 20;
    static final long MAX_DOCUMENT = 4L << 20;

    private final Store store;

    public ArchiveLoader(Store store) {
        this.store = store;
    }

    public List<LoadedImage> load(InputStream archive) throws IOException {
        try (Staging staging = store.newStaging()) {
            ArchiveContents contents = readAll(archive, staging);
            List<ImageToLoad> images = contents.hasEntry("manifest.json")
                    ? new DockerArchiveReader(contents, staging).images()
                    : contents.hasEntry("index.json") ? new OciArchiveReader(contents, staging).images()
                    : null;
            if (images == null) {
                throw new ArchiveException("archive has neither manifest.json nor index.json: it is not a docker-archive or OCI archive");
            }
            if (images.isEmpty()) throw new ArchiveException("archive contains no images");
            Set<Digest> blobs = new LinkedHashSet<>();
            images.forEach(i -> blobs.addAll(i.blobs()));
            return staging.publish(blobs, index -> {
                List<LoadedImage> loaded = new ArrayList<>();
                for (ImageToLoad image : images) {
                    if (image.names().isEmpty()) index.addUntagged(image.target());
                    for (Reference name : image.names()) index.tag(name, image.target());
                    loaded.add(new LoadedImage(image.target(), image.id(), image.names()));
                }
                return loaded;
            });
        } catch (ImageFormatException e) {
            throw new ArchiveException(e.getMessage(), e);
        }
    }

    private static ArchiveContents readAll(InputStream archive, Staging staging) throws IOException {
        ArchiveContents contents = new ArchiveContents();
                InputStream data = dev.stowage.util.Compressors.openDecompressed(archive, "archive");
        TarArchiveInputStream tar = new TarArchiveInputStream(data);
        int entries = 0;
        try {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries++;
                String name = ArchiveContents.entryName(entry.getName());
                if (entry.isSymbolicLink()) {
                    contents.addSymlink(name, entry.getLinkName());
                } else if (entry.isLink()) {
                    contents.addHardlink(name, ArchiveContents.entryName(entry.getLinkName()));
                } else if (entry.isFile()) {
                    contents.addFile(staging.spool(name, tar));
                }
            }
        } catch (InterruptedIOException e) {
            throw e;
        } catch (CompressionBombException e) {
            throw new ArchiveException(e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ArchiveException("archive is damaged or not a tar archive: " + ErrorText.describe(e), e);
        }
        if (entries == 0) throw new ArchiveException("archive is empty or not a tar archive");
        return contents;
    }


    /** An image checked and ready to publish: its index target, ID, names, and every blob it needs. */
    record ImageToLoad(Descriptor target, Digest id, List<Reference> names, Set<Digest> blobs) {
    }

    static byte[] readDocument(Staging staging, SpooledBlob entry, long cap, String what) throws IOException {
        if (entry.size() > cap) {
            throw new ArchiveException(what + " is " + entry.size() + " bytes, more than the " + (cap >> 20) + " MiB limit");
        }
        return Files.readAllBytes(staging.pathOf(entry.digest()));
    }

    /** Checks that each layer entry decompresses to the diffID the config lists, and that the counts agree. */
    static void checkLayers(List<SpooledBlob> layers, ImageConfig config, String image) {
        if (layers.size() != config.diffIds().size()) {
            throw new ArchiveException(image + " has " + layers.size() + " layers but its config lists "
                    + config.diffIds().size() + " diff_ids");
        }
        for (int i = 0; i < layers.size(); i++) {
            SpooledBlob layer = layers.get(i);
            if (layer.diffIdError() != null) throw new ArchiveException(image + ": layer " + layer.diffIdError());
            Digest expected = config.diffIds().get(i);
            if (!expected.equals(layer.diffId())) {
                throw new ArchiveException(image + ": layer " + (i + 1) + " ('" + layer.name() + "') has diffID "
                        + layer.diffId() + " but the config expects " + expected);
            }
        }
    }

    /** Refuses a layer whose bytes are not compressed as its media type says (see {@link LayerBytes}). */
    static void checkMediaTypes(Manifest manifest, List<SpooledBlob> layers, String image) {
        for (int i = 0; i < layers.size(); i++) {
            LayerBytes.mismatch(manifest.layers().get(i), layers.get(i).compression()).ifPresent(why -> {
                throw new ArchiveException(image + ": " + why);
            });
        }
    }

    /** Reads a docker-archive through its manifest.json (using the OCI manifest of a Docker 25 archive when it matches). */
    private static final class DockerArchiveReader {
        private final ArchiveContents contents;
        private final Staging staging;

        DockerArchiveReader(ArchiveContents contents, Staging staging) {
            this.contents = contents;
            this.staging = staging;
        }

        List<ImageToLoad> images() throws IOException {
            SpooledBlob manifestJson = contents.resolve("manifest.json", "archive");
            JsonNode root = Json.parseAny(readDocument(staging, manifestJson, MAX_MANIFEST_JSON, "manifest.json"), "manifest.json");
            if (root.isNull()) throw new ArchiveException("manifest.json is null: the archive lists no images");
            if (!root.isArray()) throw new ArchiveException("manifest.json must be a JSON array of images");
            Map<Digest, Manifest> ociManifests = ociManifestsByConfig();
            List<ImageToLoad> images = new ArrayList<>();
            for (int i = 0; i < root.size(); i++) {
                images.add(image(root.get(i), "image " + (i + 1) + " of manifest.json", ociManifests));
            }
            return images;
        }

        private ImageToLoad image(JsonNode item, String label, Map<Digest, Manifest> ociManifests) throws IOException {
            if (!item.isObject()) throw new ArchiveException(label + " is not an object");
            String configPath = Json.text(item, "Config");
            if (configPath == null) throw new ArchiveException(label + " has no Config");
            JsonNode layerPaths = item.get("Layers");
            if (layerPaths == null || !layerPaths.isArray()) throw new ArchiveException(label + " has no Layers list");
            SpooledBlob configEntry = contents.resolve(configPath, "manifest.json");
            ImageConfig config = ImageConfig.parse(readDocument(staging, configEntry, MAX_DOCUMENT, "config '" + configPath + "'"));
            List<SpooledBlob> layers = new ArrayList<>();
            for (JsonNode p : layerPaths) {
                if (!p.isTextual()) throw new ArchiveException(label + " has a layer path that is not a string");
                layers.add(contents.resolve(p.asText(), "manifest.json"));
            }
            checkLayers(layers, config, label);

            Manifest manifest = ociManifests.get(configEntry.digest());
            if (manifest == null || !sameBlobs(manifest, layers)) manifest = synthesize(configEntry, layers);
            checkMediaTypes(manifest, layers, label);
            Digest manifestDigest = staging.write(manifest.raw());
            Set<Digest> blobs = new LinkedHashSet<>();
            blobs.add(manifestDigest);
            blobs.add(configEntry.digest());
            layers.forEach(l -> blobs.add(l.digest()));
            return new ImageToLoad(manifest.descriptor(), configEntry.digest(), names(item, label, manifest), blobs);
        }

        private List<Reference> names(JsonNode item, String label, Manifest manifest) throws IOException {
            List<Reference> names = new ArrayList<>();
            JsonNode tags = item.get("RepoTags");
            if (tags != null && tags.isArray()) {
                for (JsonNode t : tags) {
                    if (!t.isTextual()) throw new ArchiveException(label + " has a tag that is not a string: " + t);
                    try {
                        names.add(Reference.parse(t.asText()));
                    } catch (ImageFormatException e) {
                        throw new ArchiveException(label + " has an invalid tag: " + e.getMessage());
                    }
                }
            }
            if (names.isEmpty()) names.addAll(ociNamesOf(manifest.digest()));
            return names.stream().distinct().toList();
        }

        private static boolean sameBlobs(Manifest manifest, List<SpooledBlob> layers) {
            if (manifest.layers().size() != layers.size()) return false;
            for (int i = 0; i < layers.size(); i++) {
                if (!manifest.layers().get(i).digest().equals(layers.get(i).digest())) return false;
            }
            return true;
        }

        /**
         * A manifest for an archive that has none of its own: an OCI manifest, as Docker 25 writes into its own
         * archives. (A Docker schema2 manifest here would end up in the index.json of an OCI save, where
         * containers/image — skopeo, podman — ignores it when looking an image up by its ref.name.)
         */
        private static Manifest synthesize(SpooledBlob config, List<SpooledBlob> layers) {
            List<Descriptor> layerDescriptors = new ArrayList<>();
            for (SpooledBlob l : layers) {
                layerDescriptors.add(new Descriptor(MediaTypes.layerType(false, l.compression()), l.digest(), l.size()));
            }
            return Manifest.create(MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG, config.digest(), config.size()),
                    layerDescriptors);
        }

        /** A Docker 25+ archive carries an OCI layout too: its manifests, keyed by config digest. */
        private Map<Digest, Manifest> ociManifestsByConfig() throws IOException {
            Map<Digest, Manifest> byConfig = new LinkedHashMap<>();
            for (Descriptor d : ociIndexEntries()) {
                if (!MediaTypes.isManifest(d.mediaType())) continue;
                Optional<SpooledBlob> blob = contents.lookup(blobPath(d.digest()));
                if (blob.isEmpty() || !blob.get().digest().equals(d.digest())) continue;
                try {
                    Manifest m = Manifest.parse(readDocument(staging, blob.get(), MAX_DOCUMENT, "manifest " + d.digest()), d.mediaType());
                    byConfig.putIfAbsent(m.config().digest(), m);
                } catch (ImageFormatException e) {
                    // manifest.json is authoritative for a docker-archive; a bad extra manifest is ignored
                }
            }
            return byConfig;
        }

        private List<Reference> ociNamesOf(Digest manifestDigest) throws IOException {
            List<Reference> names = new ArrayList<>();
            for (Descriptor d : ociIndexEntries()) {
                if (d.digest().equals(manifestDigest)) StoreIndex.nameOf(d).ifPresent(names::add);
            }
            return names;
        }

        private List<Descriptor> ociIndexEntries() throws IOException {
            Optional<SpooledBlob> indexJson = contents.lookup("index.json");
            if (indexJson.isEmpty()) return List.of();
            try {
                return Index.parse(readDocument(staging, indexJson.get(), MAX_DOCUMENT, "index.json"), null, "index.json").manifests();
            } catch (ImageFormatException e) {
                return List.of();
            }
        }
    }

    static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    /** Reads an OCI archive through its index.json. */
    private static final class OciArchiveReader {
        private final ArchiveContents contents;
        private final Staging staging;

        OciArchiveReader(ArchiveContents contents, Staging staging) {
            this.contents = contents;
            this.staging = staging;
        }

        List<ImageToLoad> images() throws IOException {
            SpooledBlob indexJson = contents.resolve("index.json", "archive");
            Index index = Index.parse(readDocument(staging, indexJson, MAX_DOCUMENT, "index.json"), null, "index.json");
            List<ImageToLoad> images = new ArrayList<>();
            for (Descriptor d : index.manifests()) {
                Set<Digest> blobs = new LinkedHashSet<>();
                Digest id = collect(d, blobs, "index.json entry " + d.digest().shortHex(), 0);
                List<Reference> names = StoreIndex.nameOf(d).map(List::of).orElse(List.of());
                Descriptor target = d.withAnnotations(Map.of());
                images.add(new ImageToLoad(target, id, names, blobs));
            }
            return images;
        }

        /** Checks a manifest or index and everything below it; returns the image ID (of the first manifest). */
        private Digest collect(Descriptor d, Set<Digest> blobs, String label, int depth) throws IOException {
            if (depth > 4) throw new ArchiveException(label + ": indexes nested too deeply");
            SpooledBlob blob = blobEntry(d, label);
            blobs.add(blob.digest());
            byte[] raw = readDocument(staging, blob, MAX_DOCUMENT, label);
            if (MediaTypes.isIndex(d.mediaType())) {
                Index nested = Index.parse(raw, d.mediaType(), label);
                Digest first = null;
                for (Descriptor child : nested.manifests()) {
                    Digest id = collect(child, blobs, label + " > " + child.digest().shortHex(), depth + 1);
                    if (first == null) first = id;
                }
                if (first == null) throw new ArchiveException(label + ": index lists no manifests");
                return first;
            }
            Manifest manifest = Manifest.parse(raw, d.mediaType());
            SpooledBlob configEntry = blobEntry(manifest.config(), label + " config");
            ImageConfig config = ImageConfig.parse(readDocument(staging, configEntry, MAX_DOCUMENT, label + " config"));
            List<SpooledBlob> layers = new ArrayList<>();
            for (Descriptor layer : manifest.layers()) layers.add(blobEntry(layer, label + " layer"));
            checkLayers(layers, config, label);
            checkMediaTypes(manifest, layers, label);
            blobs.add(configEntry.digest());
            layers.forEach(l -> blobs.add(l.digest()));
            return configEntry.digest();
        }

        private SpooledBlob blobEntry(Descriptor d, String label) {
            SpooledBlob entry = contents.resolve(blobPath(d.digest()), label);
            if (!entry.digest().equals(d.digest())) {
                throw new ArchiveException(label + ": blob " + blobPath(d.digest()) + " does not match its digest (it hashes to "
                        + entry.digest() + ")");
            }
            if (entry.size() != d.size()) {
                throw new ArchiveException(label + ": blob " + d.digest() + " is " + entry.size() + " bytes, the descriptor says " + d.size());
            }
            return entry;
        }
    }
}
