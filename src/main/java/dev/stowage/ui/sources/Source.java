package dev.stowage.ui.sources;

import dev.stowage.ui.images.EngineLocation;

/** One entry of the sidebar: the local store's images, its working containers, an engine, or a registry. */
public record Source(Kind kind, String registry, EngineLocation engine) {
    public enum Kind { LOCAL, CONTAINERS, ENGINE, REGISTRY }

    public static final Source LOCAL = new Source(Kind.LOCAL, null, null);
    public static final Source CONTAINERS = new Source(Kind.CONTAINERS, null, null);

    public Source(Kind kind, String registry) {
        this(kind, registry, null);
    }

    public static Source registry(String name) {
        return new Source(Kind.REGISTRY, name, null);
    }

    /** A Docker or Podman engine found at start (or on F5), whose images show in the images table. */
    public static Source engine(EngineLocation engine) {
        return new Source(Kind.ENGINE, engine.name(), engine);
    }
}
