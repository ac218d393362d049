package dev.stowage.registry;

import dev.stowage.image.Reference;

/** Names of images in a registry as skopeo spells them: {@code docker://REGISTRY/REPOSITORY[:TAG|@DIGEST]}. */
public final class DockerTransport {
    public static final String PREFIX = "docker://";

    private DockerTransport() {
    }

    public static boolean names(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** The image {@code docker://REF} names ({@code latest} when neither tag nor digest is given). */
    public static Reference image(String text) {
        return Reference.parse(strip(text));
    }

    /** The repository {@code docker://REG/REPO} names; a tag or digest is refused. */
    public static Reference repository(String text) {
        String name = strip(text);
        if (namesRegistryOnly(name)) {
            throw new RegistryException("'" + text + "' names a registry, not a repository ('stowage catalog " + name + "' lists its repositories)");
        }
        Reference ref = Reference.parseRepository(name);
        if (ref.tag().isPresent() || ref.digest().isPresent()) {
            throw new RegistryException("'" + text + "' names an image; give the repository alone (" + PREFIX + ref.repository() + ")");
        }
        return ref;
    }

    /** {@code HOST:PORT}, {@code registry.example.com} or {@code localhost} alone: no repository follows. */
    private static boolean namesRegistryOnly(String name) {
        if (name.contains("/")) return false;
        String host = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        return host.contains(".") || host.equals("localhost");
    }

    private static String strip(String text) {
        if (!names(text)) throw new RegistryException("'" + text + "' is not a registry name (" + PREFIX + "REGISTRY/REPOSITORY)");
        return text.substring(PREFIX.length());
    }

    /** The tag or digest to ask the registry for. */
    public static String reference(Reference ref) {
        return ref.digest().map(Object::toString).orElseGet(() -> ref.tag().orElse(Reference.DEFAULT_TAG));
    }
}
