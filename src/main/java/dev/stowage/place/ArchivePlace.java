package dev.stowage.place;

import dev.stowage.archive.ArchiveDocuments;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;
import dev.stowage.registry.StreamBody;
import dev.stowage.store.StoreIndex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker-archive:PATH[:REF]}, {@code oci-archive:PATH[:REF]} and {@code oci:DIR[:REF]}: images in a file or
 * directory, read where they lie (a tar file is read in place, entry by entry) and written as Docker 25 writes
 * them. An archive file is written beside its target and replaces it only once complete; a layout directory gets
 * its blobs first and its new {@code index.json} last. A docker-archive's REF is an image name; an OCI one's is
 * the {@code org.opencontainers.image.ref.name} (a tag, as skopeo writes it).
 */
public final class ArchivePlace implements ImagePlace {
    /** The three kinds, by their transport name. */
    public enum Kind {
        DOCKER_ARCHIVE("docker-archive"), OCI_ARCHIVE("oci-archive"), OCI_DIR("oci");

        private final String transport;

        Kind(String transport) {
            this.transport = transport;
        }

        public String transport() {
            return transport;
        }
    }

    private final Kind kind;
    private final Path path;
    private final Optional<String> ref;
    private LayoutFiles files;
    private LayoutImages images;

    public ArchivePlace(Kind kind, Path path, Optional<String> ref) {
        this.kind = kind;
        this.path = path;
        this.ref = ref;
    }

    @Override
    public String describe() {
        return kind.transport() + ":" + path + ref.map(r -> ":" + r).orElse("");
    }

    private LayoutImages images() throws IOException {
        if (images == null) {
            if (!Files.exists(path)) throw new PlaceException("no such file: " + path);
            files = kind == Kind.OCI_DIR ? LayoutFiles.directory(path) : LayoutFiles.tar(path);
            images = new LayoutImages(files, kind.transport() + ":" + path);
        }
        return images;
    }

    @Override
    public PlacedImage resolve() throws IOException {
        return kind == Kind.DOCKER_ARCHIVE ? images().readDocker(ref.map(Reference::parse)) : images().readOci(ref);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return images().open(blob.digest());
    }

    @Override
    public PlaceWriter writer(Optional<Reference> defaultName) throws IOException {
        if (kind == Kind.OCI_DIR && Files.exists(path) && !Files.isDirectory(path)) {
            throw new PlaceException(path + " is not a directory");
        }
        if (kind != Kind.OCI_DIR && Files.isDirectory(path)) throw new PlaceException(path + " is a directory");
        LayoutSink sink = kind == Kind.OCI_DIR ? LayoutSink.directory(path) : LayoutSink.tarFile(path);
        return new Writer(sink, kind == Kind.DOCKER_ARCHIVE ? ref.map(Reference::parse).or(() -> defaultName) : Optional.empty());
    }

    @Override
    public void close() throws IOException {
        if (files != null) files.close();
    }

    private final class Writer implements PlaceWriter {
        private final LayoutSink sink;
        /** A docker-archive's name (RepoTags and io.containerd.image.name); an OCI layout's comes from {@code ref}. */
        private final Optional<Reference> name;
        private Manifest manifest;
        private Descriptor top;

        Writer(LayoutSink sink, Optional<Reference> name) {
            this.sink = sink;
            this.name = name;
        }

        @Override
        public boolean hasBlob(Descriptor blob) {
            return sink.has(ArchiveDocuments.blobPath(blob.digest()));
        }

        @Override
        public void putBlob(Descriptor blob, StreamBody.Opener opener, BlobProgress progress) throws IOException {
            sink.put(ArchiveDocuments.blobPath(blob.digest()), blob.size(), out -> {
                try (InputStream in = opener.open()) {
                    BlobCopy.copy(blob, in, out, progress);
                }
            });
        }

        @Override
        public void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
            if (dev.stowage.image.MediaTypes.isIndex(descriptor.mediaType()) && kind == Kind.DOCKER_ARCHIVE) {
                throw new PlaceException("a docker-archive holds one platform's image, not a multi-platform index (copy without --all)");
            }
            top = descriptor;
            if (!dev.stowage.image.MediaTypes.isIndex(descriptor.mediaType())) manifest = Manifest.parse(bytes, descriptor.mediaType());
            sink.put(ArchiveDocuments.blobPath(descriptor.digest()), bytes);
        }

        @Override
        public String commit() throws IOException {
            sink.put("oci-layout", ArchiveDocuments.OCI_LAYOUT);
            if (kind == Kind.DOCKER_ARCHIVE) {
                List<ArchiveDocuments.Entry> entries = List.of(new ArchiveDocuments.Entry(manifest, name.stream().toList()));
                sink.put("index.json", ArchiveDocuments.ociIndex(entries));
                sink.put("manifest.json", ArchiveDocuments.dockerManifest(entries));
            } else {
                sink.put("index.json", ociIndex());
            }
            sink.commit();
            return "Copied image to " + describe();
        }

        /** The layout's index with this image added under {@code ref} (replacing what had that name), as skopeo does. */
        private byte[] ociIndex() throws IOException {
            Path existing = path.resolve("index.json");
            ObjectNode root = kind == Kind.OCI_DIR && Files.isRegularFile(existing)
                    ? Json.parseObject(Files.readAllBytes(existing), existing.toString())
                    : Json.parseObject(ArchiveDocuments.ociIndex(List.of()), "index.json");
            ArrayNode kept = Json.array();
            for (JsonNode entry : root.path("manifests")) {
                String refName = entry.path("annotations").path(StoreIndex.REF_NAME_ANNOTATION).asText(null);
                if (ref.isEmpty() || !ref.get().equals(refName)) kept.add(entry);
            }
            ObjectNode added = top.toJson();
            ref.ifPresent(r -> added.putObject("annotations").put(StoreIndex.REF_NAME_ANNOTATION, r));
            kept.add(added);
            root.set("manifests", kept);
            return Json.bytes(root);
        }

        @Override
        public void close() throws IOException {
            sink.close();
        }
    }
}
