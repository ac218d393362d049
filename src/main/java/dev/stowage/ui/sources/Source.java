package dev.stowage.ui.sources;

/** One entry of the sidebar: the local store's images, its working containers, or a registry. */
public record Source(Kind kind, String registry) {
    public enum Kind { LOCAL, CONTAINERS, REGISTRY }

    public static final Source LOCAL = new Source(Kind.LOCAL, null);
    public static final Source CONTAINERS = new Source(Kind.CONTAINERS, null);

    public static Source registry(String name) {
        return new Source(Kind.REGISTRY, name);
    }
}
