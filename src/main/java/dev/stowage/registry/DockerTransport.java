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
        Reference ref = Reference.parseRepository(strip(text));
        if (ref.tag().isPresent() || ref.digest().isPresent()) {
            throw new RegistryException("'" + text + "' names an image; give the repository alone (" + PREFIX + ref.repository() + ")");
        }
        return ref;
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
