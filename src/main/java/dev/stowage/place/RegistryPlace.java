package dev.stowage.place;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.DockerTransport;
import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RemoteImage;
import dev.stowage.registry.Scope;
import dev.stowage.registry.StreamBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker://REF}: a repository of a registry. Blobs are streamed as the registry sends them (never
 * decompressed); written, the manifest goes last, so the image appears only once its blobs are there.
 */
public final class RegistryPlace implements ImagePlace {
    private final RegistryApi api;
    private final Reference ref;

    public RegistryPlace(RegistryApi api, Reference ref) {
        this.api = api;
        this.ref = ref;
    }

    public String registry() {
        return api.client().registry();
    }

    public String repository() {
        return ref.path();
    }

    @Override
    public String describe() {
        return DockerTransport.PREFIX + ref;
    }

    @Override
    public List<Reference> names() throws IOException {
        return api.tags(ref.path()).stream().map(ref::withTag).toList();
    }

    @Override
    public PlacedImage resolve() throws IOException {
        RemoteImage image = RemoteImage.read(api, ref, Platform.current());
        return new PlacedImage(Optional.of(ref), image.manifest(), image.config(), Optional.ofNullable(image.index()));
    }

    @Override
    public byte[] readManifest(Descriptor manifest) throws IOException {
        return api.getManifest(ref.path(), manifest.digest().toString()).bytes();
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        Response response = api.openBlob(ref.path(), blob.digest());
        return response.body().byteStream();
    }

    @Override
    public PlaceWriter writer(Optional<Reference> defaultName) {
        return new Writer();
    }

    @Override
    public void cancel() {
        api.client().cancel();
    }

    private final class Writer implements PlaceWriter {
        private Descriptor manifest;
        private byte[] bytes;

        @Override
        public boolean hasBlob(Descriptor blob) throws IOException {
            return api.blobExists(ref.path(), blob.digest(), List.of(Scope.push(ref.path())));
        }

        @Override
        public boolean parallel() {
            return true;
        }

        @Override
        public boolean mount(Descriptor blob, ImagePlace source) throws IOException {
            if (!(source instanceof RegistryPlace from) || !from.registry().equals(registry())
                    || from.repository().equals(repository())) {
                return false;
            }
            return api.mount(repository(), blob.digest(), from.repository()).mounted();
        }

        @Override
        public void putBlob(Descriptor blob, StreamBody.Opener opener, BlobProgress progress) throws IOException {
            ProgressListener listener = e -> {
                if (e.current() >= 0) progress.written(e.current(), e.total());
            };
            api.upload(repository(), null, blob.digest(), blob.size(), opener, blob.digest().shortHex(), listener);
        }

        @Override
        public void putManifest(Descriptor descriptor, byte[] manifestBytes) throws IOException {
            if (manifest != null) api.putManifest(repository(), manifest.digest().toString(), manifest.mediaType(), bytes);
            this.manifest = descriptor;
            this.bytes = manifestBytes;
        }

        @Override
        public String commit() throws IOException {
            String tag = DockerTransport.reference(ref);
            Digest digest = api.putManifest(repository(), tag, manifest.mediaType(), bytes);
            return "Copied image: " + ref.familiarString() + " (" + digest + ")";
        }

        @Override
        public void close() {
        }
    }
}
