package dev.stowage.registry;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Reference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reading a registry to browse it: each tag's details (a HEAD for its digest, then the manifest, the chosen
 * image's manifest and its config), with manifests and configs cached by digest for as long as this object
 * lives — a digest names the same bytes forever, while a tag is asked again each time.
 */
public final class RegistryBrowser {
    private final RegistryApi api;
    private final Map<String, RegistryApi.FetchedManifest> manifests = new ConcurrentHashMap<>();
    private final Map<Digest, byte[]> configs = new ConcurrentHashMap<>();
    private final RemoteImage.Documents cached = new RemoteImage.Documents() {
        @Override
        public RegistryApi.FetchedManifest manifest(String repo, String reference) throws IOException {
            if (!Digest.isDigest(reference)) return api.getManifest(repo, reference);
            RegistryApi.FetchedManifest known = manifests.get(repo + "@" + reference);
            if (known != null) return known;
            RegistryApi.FetchedManifest read = api.getManifest(repo, reference);
            manifests.put(repo + "@" + reference, read);
            return read;
        }

        @Override
        public byte[] config(String repo, Descriptor config) throws IOException {
            byte[] known = configs.get(config.digest());
            if (known != null) return known;
            byte[] read = api.readSmallBlob(repo, config, "image config");
            configs.put(config.digest(), read);
            return read;
        }
    };

    public RegistryBrowser(RegistryApi api) {
        this.api = api;
    }

    public RegistryApi api() {
        return api;
    }

    /** A tag's digest, platforms, size and creation time; an index shows this machine's image, else its first. */
    public TagDetails details(String repo, String tag) throws IOException {
        Digest digest = api.resolveDigest(repo, tag);
        Reference ref = Reference.parse(api.client().registry() + "/" + repo + "@" + digest);
        return TagDetails.of(tag, RemoteImage.read(cached, ref, null));
    }

    /**
     * The tags of {@code repo} (read again now, sorted) that point to {@code digest}: what deleting the manifest removes.
     * {@code known} are digests already read; the other tags are resolved on {@code pool}.
     */
    public List<String> tagsSharing(String repo, Digest digest, Map<String, Digest> known, ExecutorService pool) throws IOException {
        List<String> tags = api.tags(repo).stream().sorted().toList();
        List<Future<Digest>> digests = new ArrayList<>();
        for (String tag : tags) {
            Digest d = known.get(tag);
            digests.add(d != null ? java.util.concurrent.CompletableFuture.completedFuture(d) : pool.submit(() -> api.resolveDigest(repo, tag)));
        }
        List<String> sharing = new ArrayList<>();
        try {
            for (int i = 0; i < tags.size(); i++) if (digests.get(i).get().equals(digest)) sharing.add(tags.get(i));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("cancelled");
        } finally {
            digests.forEach(f -> f.cancel(true));
        }
        return sharing;
    }
}
