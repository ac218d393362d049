package dev.stowage.registry;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Index;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;

import java.util.List;

/** Which image of a multi-platform index serves a platform: the first entry that matches, as docker and skopeo choose. */
public final class PlatformChoice {
    private PlatformChoice() {
    }

    public static Descriptor choose(Index index, Platform platform, Reference ref) {
        return index.forPlatform(platform).orElseThrow(() -> new RegistryException("no image for platform " + platform
                + " in " + ref.familiarString() + " (it has: " + String.join(", ", names(index)) + ")"));
    }

    /** This machine's image if the index has one, else its first entry (for showing an image rather than pulling it). */
    public static Descriptor preferred(Index index, Reference ref) {
        return index.forPlatform(Platform.current()).or(() -> index.manifests().stream().findFirst())
                .orElseThrow(() -> new RegistryException(ref.familiarString() + " is an empty index"));
    }

    /** Each entry's platform as {@code os/arch[/variant]}, {@code unknown} where it names none. */
    public static List<String> names(Index index) {
        return index.manifests().stream().map(d -> d.platform() == null ? "unknown" : d.platform().toString()).toList();
    }
}
