package dev.stowage.registry;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.LayerBytes;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerProgressStream;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;
import dev.stowage.store.SpooledBlob;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;
import dev.stowage.store.StoreIndex;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code pull}: fetches a manifest (or an index and this platform's manifest, or with all platforms the
 * whole index), then config and layers into a staging area, each verified against its digest and each
 * layer's diffID against the config. Only a complete, verified image is published and tagged; a failed or
 * cancelled pull leaves the store as it was.
 */
public final class ImagePuller {
    /**
     * What a pull did: the digest the registry resolved the reference to (an index's, for a multi-platform
     * image, as docker reports it), the image ID, and whether the name now points somewhere new.
     */
    public record Result(Reference reference, Digest digest, Digest imageId, boolean updated) {
    }

    private final Store store;
    private final RegistryApi api;
    private final ProgressListener progress;
    private final ParallelTasks tasks;

    public ImagePuller(Store store, RegistryApi api, ProgressListener progress, int parallelism) {
        this.store = store;
        this.api = api;
        this.progress = progress;
        this.tasks = new ParallelTasks(parallelism);
    }

    public Result pull(Reference ref, Platform platform, boolean allPlatforms) throws IOException {
        String repo = ref.path();
        String reference = DockerTransport.reference(ref);
        RegistryApi.FetchedManifest top = api.getManifest(repo, reference);
        try (Staging staging = store.newStaging()) {
            Set<Digest> blobs = new LinkedHashSet<>();
            Descriptor target;
            Digest imageId;
            String type = top.declaredMediaType();
            if (MediaTypes.isIndex(type)) {
                Index index = Index.parse(top.bytes(), type, "index " + reference);
                if (allPlatforms) {
                    blobs.add(staging.write(top.bytes()));
                    imageId = null;
                    boolean matched = false;
                    for (Descriptor child : index.manifests()) {
                        if (!MediaTypes.isManifest(child.mediaType())) continue;
                        Digest id = fetchImage(repo, api.getManifest(repo, child.digest().toString()), staging, blobs);
                        boolean here = child.platform() != null && platform.matches(child.platform());
                        if (imageId == null || (here && !matched)) imageId = id;
                        matched |= here;
                    }
                    target = new Descriptor(index.mediaType(), index.digest(), top.bytes().length);
                } else {
                    Descriptor chosen = PlatformChoice.choose(index, platform, ref);
                    RegistryApi.FetchedManifest child = api.getManifest(repo, chosen.digest().toString());
                    imageId = fetchImage(repo, child, staging, blobs);
                    target = new Descriptor(child.declaredMediaType(), child.digest(), child.bytes().length, null,
                            Map.of(StoreIndex.PULLED_DIGEST_ANNOTATION, top.digest().toString()));
                }
            } else {
                imageId = fetchImage(repo, top, staging, blobs);
                target = new Descriptor(type, top.digest(), top.bytes().length);
            }
            Descriptor finalTarget = target;
            Optional<Digest> before = staging.publish(blobs, index -> index.tag(ref, finalTarget));
            for (Digest d : blobs) store.caches().recordLocation(d, api.client().registry(), repo);
            return new Result(ref, top.digest(), imageId, before.map(b -> !b.equals(finalTarget.digest())).orElse(true));
        } finally {
            tasks.close();
        }
    }

    /** Stages one image manifest with its config and layers; returns the image ID. */
    private Digest fetchImage(String repo, RegistryApi.FetchedManifest fetched, Staging staging, Set<Digest> blobs) throws IOException {
        Manifest manifest;
        try {
            manifest = Manifest.parse(fetched.bytes(), fetched.declaredMediaType());
        } catch (ImageFormatException e) {
            throw new RegistryException("manifest " + fetched.digest() + ": " + e.getMessage());
        }
        blobs.add(staging.write(fetched.bytes()));
        Descriptor configDescriptor = manifest.config();
        if (configDescriptor.size() > HttpBodies.MAX_DOCUMENT) throw new RegistryException("image config is larger than 4 MiB");
        if (!staging.has(configDescriptor.digest())) {
            retryingBlob("downloading image config " + configDescriptor.digest().shortHex(), () -> {
                try (Response r = api.openBlob(repo, configDescriptor.digest())) {
                    return staging.write(r.body().byteStream(), configDescriptor.digest());
                }
            });
        }
        blobs.add(configDescriptor.digest());
        ImageConfig config;
        try (InputStream in = java.nio.file.Files.newInputStream(staging.pathOf(configDescriptor.digest()))) {
            config = ImageConfig.parse(in.readNBytes((int) HttpBodies.MAX_DOCUMENT));
        } catch (ImageFormatException e) {
            throw new RegistryException("image config " + configDescriptor.digest() + ": " + e.getMessage());
        }
        List<Descriptor> layers = manifest.layers();
        if (layers.size() != config.diffIds().size()) {
            throw new RegistryException("manifest has " + layers.size() + " layers but its config lists "
                    + config.diffIds().size() + " diff_ids");
        }
        for (Descriptor layer : layers) progress.onProgress(LayerProgress.of(layer.digest().shortHex(), LayerState.WAITING));
        List<ParallelTasks.Task> downloads = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            Digest diffId = config.diffIds().get(i);
            blobs.add(layer.digest());
            downloads.add(() -> fetchLayer(repo, layer, diffId, staging));
        }
        tasks.runAll(downloads, api.client()::cancel);
        return configDescriptor.digest();
    }

    private void fetchLayer(String repo, Descriptor layer, Digest diffId, Staging staging) throws IOException {
        String id = layer.digest().shortHex();
        if (staging.has(layer.digest())) {
            progress.onProgress(new LayerProgress(id, LayerState.ALREADY_EXISTS, -1, -1, null));
            return;
        }
        SpooledBlob spooled = download(repo, layer, id, staging);
        progress.onProgress(LayerProgress.of(id, LayerState.VERIFYING));
        if (!spooled.digest().equals(layer.digest())) {
            throw new RegistryException("layer " + layer.digest() + " does not match its digest (received " + spooled.digest() + ")");
        }
        if (spooled.diffIdError() != null) throw new RegistryException("layer " + spooled.diffIdError());
        Optional<String> mislabelled = LayerBytes.mismatch(layer, spooled.compression());
        if (mislabelled.isPresent()) throw new RegistryException(mislabelled.get());
        if (!diffId.equals(spooled.diffId())) {
            throw new RegistryException("layer " + layer.digest() + " has diffID " + spooled.diffId()
                    + " but the config expects " + diffId);
        }
        progress.onProgress(LayerProgress.of(id, LayerState.PULL_COMPLETE));
    }

    /** Downloads a layer into staging; a connection lost mid-blob starts the blob again, a few times. */
    private SpooledBlob download(String repo, Descriptor layer, String id, Staging staging) throws IOException {
        return retryingBlob("downloading layer " + id, () -> {
            try (Response r = api.openBlob(repo, layer.digest());
                 InputStream in = new LayerProgressStream(r.body().byteStream(), id, LayerState.DOWNLOADING, layer.size(), progress)) {
                return staging.spool(id, in);
            }
        });
    }

    /**
     * Runs a blob download under the client's retry policy: a connection lost mid-blob (or a transient status)
     * starts the blob again; a cancellation stops it at once.
     */
    private <T> T retryingBlob(String what, RegistryClient.Attempt<T> transfer) throws IOException {
        try {
            return api.client().retrying(transfer);
        } catch (IOException e) {
            if (ErrorText.isCancellation(e) || api.client().cancelled()) throw e;
            throw new RegistryException(what + " failed: " + ErrorText.describe(e), 0, e);
        }
    }
}
