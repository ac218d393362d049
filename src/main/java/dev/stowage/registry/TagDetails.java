package dev.stowage.registry;

import dev.stowage.image.Digest;

import java.time.Instant;
import java.util.List;

/**
 * What a registry's tag table shows of one tag: the digest it points to, its platforms (an index's entries, or
 * the image's own), the compressed size (config and layers as stored) and the creation time of the image shown,
 * with the image itself for the details.
 */
public record TagDetails(String tag, Digest digest, List<String> platforms, long compressedSize, Instant created,
                         RemoteImage image) {

    static TagDetails of(String tag, RemoteImage image) {
        List<String> platforms = image.isIndex() ? PlatformChoice.names(image.index())
                : List.of(platformOf(image));
        return new TagDetails(tag, image.top().digest(), platforms, image.manifest().contentSize(),
                image.config().created(), image);
    }

    private static String platformOf(RemoteImage image) {
        var c = image.config();
        return (c.os() == null ? "unknown" : c.os()) + "/" + (c.architecture() == null ? "unknown" : c.architecture())
                + (c.variant() == null ? "" : "/" + c.variant());
    }
}
