package dev.stowage.place;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.archive.ArchiveDocuments;
import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.store.StoreIndex;
import dev.stowage.util.Hashing;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads images from the files of an OCI layout ({@code index.json}) or a docker-archive ({@code manifest.json}),
 * without loading them anywhere. A docker-archive has no manifest: one is made (Docker schema2) from its
 * {@code manifest.json} entry, each layer described by its bytes as they lie in the archive.
 */
final class LayoutImages {
    private static final long MAX_DOCUMENT = 4L << 20;
    private final LayoutFiles files;
    private final String where;
    /** Where a docker-archive keeps each blob (legacy archives name them {@code ID/layer.tar}, {@code ID.json}). */
    private final Map<Digest, String> paths = new HashMap<>();

    LayoutImages(LayoutFiles files, String where) {
        this.files = files;
        this.where = where;
    }

    InputStream open(Digest digest) throws IOException {
        return files.open(paths.getOrDefault(digest, ArchiveDocuments.blobPath(digest)));
    }

    /** From {@code index.json}: the entry whose {@code ref.name} (or full name) is {@code ref}, else the only one. */
    PlacedImage readOci(Optional<String> ref) throws IOException {
        if (!files.exists("index.json")) throw new PlaceException(where + " has no index.json: it is not an OCI layout");
        try {
            JsonNode index = Json.parseObject(files.read("index.json", MAX_DOCUMENT), where + " index.json");
            List<Descriptor> matching = new ArrayList<>();
            for (JsonNode node : index.path("manifests")) {
                Descriptor d = Descriptor.fromJson(node, where + " index.json entry");
                String refName = d.annotations().get(StoreIndex.REF_NAME_ANNOTATION);
                String fullName = d.annotations().get(StoreIndex.NAME_ANNOTATION);
                if (ref.isEmpty() || ref.get().equals(refName) || ref.get().equals(fullName)) matching.add(d);
            }
            if (matching.isEmpty()) throw new PlaceException(where + ": no image " + ref.map(r -> "named '" + r + "'").orElse("in it"));
            if (matching.size() > 1 && ref.isEmpty()) {
                throw new PlaceException(where + " holds " + matching.size() + " images: name one (" + where + ":NAME)");
            }
            Descriptor chosen = matching.get(0);
            Optional<Reference> name = StoreIndex.nameOf(chosen);
            Index inner = null;
            if (MediaTypes.isIndex(chosen.mediaType())) {
                inner = Index.parse(readBlob(chosen), chosen.mediaType(), where + " index");
                chosen = inner.forPlatform(Platform.current())
                        .orElseThrow(() -> new PlaceException(where + ": no image for platform " + Platform.current()));
            }
            Manifest manifest = Manifest.parse(readBlob(chosen), chosen.mediaType());
            return new PlacedImage(name, manifest, ImageConfig.parse(readBlob(manifest.config())), Optional.ofNullable(inner));
        } catch (ImageFormatException e) {
            throw new PlaceException(where + ": " + e.getMessage(), e);
        }
    }

    /** From {@code manifest.json}: the entry tagged {@code ref}, else the only one. */
    PlacedImage readDocker(Optional<Reference> ref) throws IOException {
        if (!files.exists("manifest.json")) throw new PlaceException(where + " has no manifest.json: it is not a docker-archive");
        try {
            JsonNode entries = Json.parseAny(files.read("manifest.json", MAX_DOCUMENT), where + " manifest.json");
            JsonNode chosen = null;
            Optional<Reference> name = Optional.empty();
            for (JsonNode entry : entries) {
                List<Reference> tags = new ArrayList<>();
                for (JsonNode t : entry.path("RepoTags")) tags.add(Reference.parse(t.asText()));
                if (ref.isEmpty() || tags.contains(ref.get())) {
                    if (chosen != null && ref.isEmpty()) {
                        throw new PlaceException(where + " holds " + entries.size() + " images: name one (" + where + ":NAME)");
                    }
                    if (chosen == null) {
                        chosen = entry;
                        name = ref.isPresent() ? ref : tags.stream().findFirst();
                    }
                }
            }
            if (chosen == null) throw new PlaceException(where + ": no image " + ref.map(r -> "named " + r.familiarString()).orElse("in it"));
            String configPath = Json.text(chosen, "Config");
            byte[] configBytes = files.read(configPath, MAX_DOCUMENT);
            ImageConfig config = ImageConfig.parse(configBytes);
            Descriptor configDescriptor = new Descriptor(MediaTypes.DOCKER_CONFIG, Digest.sha256(configBytes), configBytes.length);
            paths.put(configDescriptor.digest(), configPath);
            List<Descriptor> layers = new ArrayList<>();
            JsonNode layerPaths = chosen.path("Layers");
            if (layerPaths.size() != config.diffIds().size()) {
                throw new PlaceException(where + ": the image has " + layerPaths.size() + " layers but its config lists "
                        + config.diffIds().size() + " diff_ids");
            }
            for (int i = 0; i < layerPaths.size(); i++) {
                layers.add(layer(layerPaths.get(i).asText(), config.diffIds().get(i)));
            }
            Manifest manifest = Manifest.create(MediaTypes.DOCKER_MANIFEST, configDescriptor, layers);
            return new PlacedImage(name, manifest, config);
        } catch (ImageFormatException e) {
            throw new PlaceException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A layer as it lies in the archive: uncompressed, its digest is its diffID (checked by whoever reads it);
     * compressed, its digest is its path's when the path is {@code blobs/sha256/…}, else it is hashed here.
     */
    private Descriptor layer(String path, Digest diffId) throws IOException {
        long size = files.size(path);
        byte[] head = new byte[8];
        int n;
        try (InputStream in = files.open(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        Compression compression = Compression.detect(head, n);
        Digest digest;
        if (compression == Compression.NONE) {
            digest = diffId;
        } else if (path.startsWith("blobs/sha256/") && Digest.isDigest("sha256:" + path.substring(13))) {
            digest = Digest.parse("sha256:" + path.substring(13));
        } else {
            try (InputStream in = files.open(path)) {
                digest = Hashing.sha256(in);
            }
        }
        paths.put(digest, path);
        String type = switch (compression) {
            case NONE -> MediaTypes.DOCKER_LAYER;
            case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            default -> throw new PlaceException(where + ": layer " + path + " is " + compression.displayName()
                    + "-compressed, which no manifest can describe");
        };
        return new Descriptor(type, digest, size);
    }

    private byte[] readBlob(Descriptor d) throws IOException {
        byte[] bytes = files.read(ArchiveDocuments.blobPath(d.digest()), MAX_DOCUMENT);
        if (!Digest.sha256(bytes).equals(d.digest())) throw new PlaceException(where + ": blob " + d.digest() + " does not match its digest");
        return bytes;
    }
}
