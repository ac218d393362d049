package dev.stowage.registry;

import dev.stowage.image.Descriptor;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Index;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;

import java.io.IOException;

/**
 * An image read from a registry without pulling it: what the reference names ({@code top}: a manifest, or an
 * index), the index when it is one, the image manifest chosen for a platform, and its config — each with the
 * exact bytes the registry sent, checked against their digests.
 */
public record RemoteImage(Reference reference, RegistryApi.FetchedManifest top, Index index,
                          RegistryApi.FetchedManifest manifestBytes, Manifest manifest, byte[] configBytes, ImageConfig config) {

    /** Where a read gets its documents: the registry itself, or a cache in front of it ({@link RegistryBrowser}). */
    public interface Documents {
        RegistryApi.FetchedManifest manifest(String repo, String reference) throws IOException;

        byte[] config(String repo, Descriptor config) throws IOException;
    }

    /** Reads {@code ref}; from an index, the image for {@code platform}. */
    public static RemoteImage read(RegistryApi api, Reference ref, Platform platform) throws IOException {
        return read(new Documents() {
            @Override
            public RegistryApi.FetchedManifest manifest(String repo, String reference) throws IOException {
                return api.getManifest(repo, reference);
            }

            @Override
            public byte[] config(String repo, Descriptor config) throws IOException {
                return api.readSmallBlob(repo, config, "image config");
            }
        }, ref, platform);
    }

    /**
     * Reads {@code ref} through {@code documents}; from an index, the image for {@code platform}, or when
     * {@code platform} is null this machine's if the index has one, else its first.
     */
    public static RemoteImage read(Documents documents, Reference ref, Platform platform) throws IOException {
        String repo = ref.path();
        RegistryApi.FetchedManifest top = documents.manifest(repo, DockerTransport.reference(ref));
        Index index = null;
        RegistryApi.FetchedManifest chosen = top;
        try {
            String type = top.declaredMediaType();
            if (MediaTypes.isIndex(type)) {
                index = Index.parse(top.bytes(), type, "index of " + ref.familiarString());
                Descriptor entry = platform != null ? PlatformChoice.choose(index, platform, ref)
                        : PlatformChoice.preferred(index, ref);
                chosen = documents.manifest(repo, entry.digest().toString());
            }
            Manifest manifest = Manifest.parse(chosen.bytes(), chosen.declaredMediaType());
            byte[] configBytes = documents.config(repo, manifest.config());
            return new RemoteImage(ref, top, index, chosen, manifest, configBytes, ImageConfig.parse(configBytes));
        } catch (ImageFormatException e) {
            throw new RegistryException(ref.familiarString() + ": " + e.getMessage());
        }
    }

    public boolean isIndex() {
        return index != null;
    }
}
