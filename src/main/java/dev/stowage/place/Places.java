package dev.stowage.place;

import dev.stowage.engine.EngineImages;
import dev.stowage.registry.DockerTransport;
import dev.stowage.registry.RegistryApi;
import dev.stowage.store.Store;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the place a {@link PlaceName} names, with what the caller has to reach stores, registries and engines. */
public final class Places {
    @FunctionalInterface
    public interface Opener<T> {
        T open(String name) throws IOException;
    }

    private final Opener<Store> store;
    private final Opener<RegistryApi> registries;
    private final Opener<EngineImages> engines;

    /**
     * {@code store}: the store (its argument is unused); {@code registries}: a client for a registry host;
     * {@code engines}: an engine by name, or the default one for an empty name.
     */
    public Places(Opener<Store> store, Opener<RegistryApi> registries, Opener<EngineImages> engines) {
        this.store = store;
        this.registries = registries;
        this.engines = engines;
    }

    public ImagePlace open(PlaceName name) throws IOException {
        return switch (name.transport()) {
            case STORE -> new StorePlace(store.open(""), name.image());
            case REGISTRY -> {
                var ref = DockerTransport.image(DockerTransport.PREFIX + name.image());
                yield new RegistryPlace(registries.open(ref.domain()), ref);
            }
            case DOCKER_ARCHIVE -> new ArchivePlace(ArchivePlace.Kind.DOCKER_ARCHIVE, Path.of(name.location()), name.imageName());
            case OCI_ARCHIVE -> new ArchivePlace(ArchivePlace.Kind.OCI_ARCHIVE, Path.of(name.location()), name.imageName());
            case OCI_DIR -> new ArchivePlace(ArchivePlace.Kind.OCI_DIR, Path.of(name.location()), name.imageName());
            case ENGINE -> new EnginePlace(engines.open(name.location()), name.image(), store.open("").root().resolve("tmp"));
        };
    }

    /** The engine of that name (empty: the default one). */
    public EngineImages engine(String name) throws IOException {
        return engines.open(name);
    }

    public ImagePlace open(String text) throws IOException {
        return open(PlaceName.parse(text));
    }

}
