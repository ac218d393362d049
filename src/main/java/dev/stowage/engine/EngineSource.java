package dev.stowage.engine;

import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.store.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/** An engine as an {@link ImageSource}; {@link #discover} gives the ones that answer, for the sidebar. */
public final class EngineSource implements ImageSource {
    private final EngineClient client;
    private final EngineImages images;

    public EngineSource(EngineClient client) {
        this.client = client;
        this.images = new EngineImages(client);
    }

    /**
     * The engines found (DOCKER_HOST, docker context, well-known sockets) that answer, in discovery order.
     * None is an empty list, never an error: the app then shows the embedded store alone.
     */
    public static List<ImageSource> discover(Map<String, String> env) {
        List<ImageSource> sources = new ArrayList<>();
        for (Engines.Probe p : Engines.probeAll(new EngineDiscovery(env))) {
            if (p.reachable()) sources.add(new EngineSource(new EngineClient(p.endpoint())));
        }
        return sources;
    }

    /** The client, for what the interface does not cover (push, pull, commit through {@link EngineImages} and {@link EngineContainers}). */
    public EngineClient client() {
        return client;
    }

    @Override
    public String name() {
        return client.endpoint().name();
    }

    @Override
    public String description() {
        return client.info().describe();
    }

    @Override
    public List<EngineImage> images() throws IOException {
        return images.list(false);
    }

    @Override
    public ImageDetails details(String image) throws IOException {
        return ImageDetails.of(images.inspect(image));
    }

    @Override
    public List<EngineHistoryEntry> history(String image) throws IOException {
        return images.history(image);
    }

    @Override
    public EngineImages.Removal remove(String image, boolean force) throws IOException {
        return images.remove(image, force);
    }

    @Override
    public String address() {
        return client.endpoint().address();
    }

    @Override
    public void tag(String image, dev.stowage.image.Reference target) throws IOException {
        images.tag(image, target);
    }

    @Override
    public List<LoadedImage> copyToStore(List<String> names, Store store, LongConsumer progress) throws IOException {
        return new EngineCopy(images, store).toStore(names, progress);
    }

    @Override
    public List<String> copyFromStore(List<ArchiveWriter.Item> items, Store store, LongConsumer progress) throws IOException {
        return new EngineCopy(images, store).toEngine(items, progress);
    }

    @Override
    public EngineImages.PushResult push(dev.stowage.image.Reference name, java.util.Optional<dev.stowage.registry.credentials.Credential> credential,
                                        boolean insecure, dev.stowage.progress.ProgressListener listener) throws IOException {
        return images.push(name, credential, insecure, listener);
    }

    @Override
    public EngineImages.PullResult pull(dev.stowage.image.Reference name, java.util.Optional<dev.stowage.registry.credentials.Credential> credential,
                                        boolean insecure, dev.stowage.image.Platform platform, dev.stowage.progress.ProgressListener listener)
            throws IOException {
        return images.pull(name, credential, insecure, platform, listener);
    }

    @Override
    public void cancel() {
        client.cancelAll();
    }

    @Override
    public void close() {
        client.close();
    }
}
