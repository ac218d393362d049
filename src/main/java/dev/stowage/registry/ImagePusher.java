package dev.stowage.registry;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Index;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Manifest;
import dev.stowage.image.Reference;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.progress.ProgressListener;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.util.ParallelGzip;
import okhttp3.HttpUrl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code push}: uploads config and layers a few at a time — skipping blobs the repository has, mounting
 * blobs another repository of the registry is known to hold, else one streaming PATCH — and then the
 * manifest, last, with its exact bytes.
 */
public final class ImagePusher {
    /** The pushed manifest's digest and size, as docker's last line reports them. */
    public record Result(Reference reference, Digest digest, long size) {
    }

    private final Store store;
    private final RegistryApi api;
    private final ProgressListener progress;
    private final int parallelism;
    private final ParallelGzip gzip;

    public ImagePusher(Store store, RegistryApi api, ProgressListener progress, int parallelism, ParallelGzip gzip) {
        this.store = store;
        this.api = api;
        this.progress = progress;
        this.parallelism = parallelism;
        this.gzip = gzip;
    }

    public Result push(LocalImage image, Reference target) throws IOException {
        if (MediaTypes.isIndex(image.target().mediaType())) return pushIndex(image, target);
        String repo = target.path();
        PushPlan plan = new PushPlan(store, image);
        int n = plan.layerCount();
        for (int i = 0; i < n; i++) progress.onProgress(LayerProgress.of(plan.layerId(i), LayerState.PREPARING));
        for (int i = 0; i < n; i++) progress.onProgress(LayerProgress.of(plan.layerId(i), LayerState.WAITING));
        // each layer is compressed (one at a time, on all cores) and uploaded as soon as it is ready
        PushPlan.Blob[] blobs = new PushPlan.Blob[n];
        List<ParallelTasks.Task> uploads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            uploads.add(() -> {
                blobs[index] = plan.layer(index, gzip, progress);
                pushBlob(repo, blobs[index], true);
            });
        }
        try (ParallelTasks tasks = new ParallelTasks(parallelism)) {
            tasks.runAll(uploads, api.client()::cancel);
        }
        pushBlob(repo, plan.config(), false);
        Manifest manifest = plan.manifest(List.of(blobs));
        String reference = target.tag().orElseGet(() -> target.digest().map(Digest::toString).orElse("latest"));
        byte[] bytes = manifest.raw();
        Digest digest = api.putManifest(repo, reference, manifest.mediaType(), bytes);
        store.caches().recordLocation(digest, api.client().registry(), repo);
        return new Result(target, digest, bytes.length);
    }

    /**
     * A multi-platform image kept whole (pull --all-platforms): every platform's manifest with its blobs, byte
     * for byte since the index names them by digest, then the index itself under the tag.
     */
    private Result pushIndex(LocalImage image, Reference target) throws IOException {
        String repo = target.path();
        Index index = Index.parse(store.readBlob(image.target().digest(), Store.MAX_MANIFEST_SIZE, "index"),
                image.target().mediaType(), "index");
        for (Descriptor child : index.manifests()) {
            if (!MediaTypes.isManifest(child.mediaType())) continue;
            if (!store.hasBlob(child.digest())) {
                throw new RegistryException("the image for " + (child.platform() == null ? child.digest() : child.platform())
                        + " is not in the store; pull the image with --all-platforms before pushing it");
            }
            Manifest manifest = store.readManifest(child);
            List<ParallelTasks.Task> uploads = new ArrayList<>();
            for (Descriptor layer : manifest.layers()) {
                PushPlan.Blob blob = new PushPlan.Blob(layer.digest(), layer.size(), layer.digest().shortHex());
                progress.onProgress(LayerProgress.of(blob.id(), LayerState.WAITING));
                uploads.add(() -> pushBlob(repo, blob, true));
            }
            try (ParallelTasks tasks = new ParallelTasks(parallelism)) {
                tasks.runAll(uploads, api.client()::cancel);
            }
            Descriptor config = manifest.config();
            pushBlob(repo, new PushPlan.Blob(config.digest(), config.size(), config.digest().shortHex()), false);
            api.putManifest(repo, child.digest().toString(), manifest.mediaType(), manifest.raw());
        }
        String reference = target.tag().orElseGet(() -> target.digest().map(Digest::toString).orElse("latest"));
        byte[] bytes = index.raw();
        Digest digest = api.putManifest(repo, reference, index.mediaType(), bytes);
        store.caches().recordLocation(digest, api.client().registry(), repo);
        return new Result(target, digest, bytes.length);
    }

    private void pushBlob(String repo, PushPlan.Blob blob, boolean report) throws IOException {
        ProgressListener p = report ? progress : ProgressListener.NONE;
        String registry = api.client().registry();
        List<dev.stowage.registry.Scope> scopes = List.of(Scope.push(repo));
        if (api.blobExists(repo, blob.digest(), scopes)) {
            p.onProgress(LayerProgress.of(blob.id(), LayerState.ALREADY_EXISTS));
            store.caches().recordLocation(blob.digest(), registry, repo);
            return;
        }
        HttpUrl session = null;
        for (String from : store.caches().repositoriesOf(blob.digest(), registry)) {
            if (from.equals(repo)) continue;
            RegistryApi.MountResult mount = api.mount(repo, blob.digest(), from);
            if (mount.mounted()) {
                p.onProgress(new LayerProgress(blob.id(), LayerState.MOUNTED, -1, -1, from));
                store.caches().recordLocation(blob.digest(), registry, repo);
                return;
            }
            if (mount.uploadSession() != null) {
                session = mount.uploadSession();
                break;
            }
        }
        try {
            api.upload(repo, session, blob.digest(), store.blobPath(blob.digest()), blob.id(), p);
        } catch (IOException | RuntimeException e) {
            if (!(e instanceof IOException io && ErrorText.isCancellation(io))) p.onProgress(LayerProgress.of(blob.id(), LayerState.FAILED));
            throw e;
        }
        p.onProgress(LayerProgress.of(blob.id(), LayerState.PUSHED));
        store.caches().recordLocation(blob.digest(), registry, repo);
    }
}
