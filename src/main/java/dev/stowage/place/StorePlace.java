package dev.stowage.place;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;
import dev.stowage.registry.StreamBody;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.SpooledBlob;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code store:REF}: the embedded store. Written through a staging area, published whole on commit. */
public final class StorePlace implements ImagePlace {
    private final Store store;
    private final String image;

    /** {@code image}: what a user typed (a name, an ID), or empty. */
    public StorePlace(Store store, String image) {
        this.store = store;
        this.image = image;
    }

    @Override
    public String describe() {
        return "store:" + image;
    }

    @Override
    public List<Reference> names() throws IOException {
        return store.images().stream().flatMap(i -> i.names().stream()).toList();
    }

    @Override
    public PlacedImage resolve() throws IOException {
        if (image.isEmpty()) throw new PlaceException("'store:': no image named");
        ImageResolver.Match match = ImageResolver.of(store).match(image);
        LocalImage local = match.image();
        Optional<Reference> name = Optional.ofNullable(match.name()).filter(n -> n.tag().isPresent())
                .or(() -> local.names().stream().findFirst());
        Optional<dev.stowage.image.Index> index = Optional.empty();
        if (dev.stowage.image.MediaTypes.isIndex(local.target().mediaType())) {
            index = Optional.of(dev.stowage.image.Index.parse(readManifest(local.target()), local.target().mediaType(), "index"));
        }
        return new PlacedImage(name, local.manifest(), local.config(), index);
    }

    @Override
    public byte[] readManifest(Descriptor manifest) throws IOException {
        if (!store.hasBlob(manifest.digest())) {
            throw new PlaceException("the image for " + (manifest.platform() == null ? manifest.digest() : manifest.platform())
                    + " is not in the store; pull the image with --all-platforms first");
        }
        return store.readBlob(manifest.digest(), Store.MAX_MANIFEST_SIZE, "manifest");
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return store.openBlob(blob.digest());
    }

    @Override
    public PlaceWriter writer(Optional<Reference> defaultName) throws IOException {
        Optional<Reference> name = image.isEmpty() ? defaultName : Optional.of(Reference.parse(image));
        return new Writer(store.newStaging(), name);
    }

    /**
     * Blobs spooled into staging (layers hashed as stored and decompressed); on the manifest, every new layer's
     * diffID is checked against the config, as a pull checks it.
     */
    private static final int ATTEMPTS = 3;

    private final class Writer implements PlaceWriter {
        private final Staging staging;
        private final Optional<Reference> name;
        private final Map<Digest, SpooledBlob> spooled = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<Digest> written = java.util.Collections.synchronizedList(new ArrayList<>());
        private Descriptor manifest;

        Writer(Staging staging, Optional<Reference> name) {
            this.staging = staging;
            this.name = name;
        }

        @Override
        public boolean parallel() {
            return true;
        }

        @Override
        public boolean hasBlob(Descriptor blob) {
            return staging.has(blob.digest());
        }

        @Override
        public void putBlob(Descriptor blob, StreamBody.Opener opener, BlobProgress progress) throws IOException {
            SpooledBlob spool = null;
            for (int attempt = 1; spool == null; attempt++) {
                try (InputStream in = opener.open()) {
                    spool = staging.spool(blob.digest().shortHex(), in);
                } catch (IOException e) {
                    // a connection lost mid-blob: the blob again from its start, as a pull does
                    if (attempt == ATTEMPTS || e instanceof dev.stowage.util.CompressionBombException || dev.stowage.error.ErrorText.isCancellation(e) || Thread.currentThread().isInterrupted()) throw e;
                }
            }
            if (!spool.digest().equals(blob.digest())) {
                throw new PlaceException("blob content does not match its digest: expected " + blob.digest() + ", got " + spool.digest());
            }
            progress.written(spool.size(), blob.size());
            spooled.put(blob.digest(), spool);
            written.add(blob.digest());
        }

        @Override
        public void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
            if (dev.stowage.image.MediaTypes.isIndex(descriptor.mediaType())) {
                written.add(staging.write(new java.io.ByteArrayInputStream(bytes), descriptor.digest()));
                manifest = descriptor;
                return;
            }
            Manifest parsed = Manifest.parse(bytes, descriptor.mediaType());
            ImageConfig config = ImageConfig.parse(Files.readAllBytes(staging.pathOf(parsed.config().digest())));
            List<Digest> diffIds = config.diffIds();
            if (diffIds.size() != parsed.layers().size()) {
                throw new PlaceException("the image has " + parsed.layers().size() + " layers but its config lists " + diffIds.size() + " diff_ids");
            }
            for (int i = 0; i < diffIds.size(); i++) {
                SpooledBlob layer = spooled.get(parsed.layers().get(i).digest());
                if (layer == null) continue; // already in the store, checked when it came
                java.util.Optional<String> mislabelled = dev.stowage.image.LayerBytes.mismatch(parsed.layers().get(i), layer.compression());
                if (mislabelled.isPresent()) throw new PlaceException(mislabelled.get());
                if (layer.diffIdError() != null) throw new PlaceException("layer " + (i + 1) + ": " + layer.diffIdError());
                if (!diffIds.get(i).equals(layer.diffId())) {
                    throw new PlaceException("layer " + (i + 1) + " has diffID " + layer.diffId() + " but the config expects " + diffIds.get(i));
                }
            }
            written.add(staging.write(new java.io.ByteArrayInputStream(bytes), descriptor.digest()));
            manifest = descriptor;
        }

        @Override
        public String commit() throws IOException {
            if (manifest == null) throw new IllegalStateException("no manifest written");
            staging.publish(written, index -> {
                if (name.isPresent()) index.tag(name.get(), manifest);
                else index.addUntagged(manifest);
                return null;
            });
            return "Copied image: " + name.map(Reference::familiarString).orElse(manifest.digest().toString());
        }

        @Override
        public void close() throws IOException {
            staging.close();
        }
    }
}
