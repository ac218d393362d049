package dev.stowage.store;

import dev.stowage.image.Digest;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Reference;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds an image by what a user typed, as docker does: a name ({@code busybox}, {@code repo:tag}),
 * {@code name@sha256:…} (the digest a name was pulled by, else a stored manifest or index digest), or a
 * full or short (≥ 4 hex) image ID, with or without {@code sha256:}. A name is tried first; an unknown name
 * that looks like hex is then tried as an ID prefix.
 */
public final class ImageResolver {
    private static final Pattern ID_PREFIX = Pattern.compile("(sha256:)?[a-f0-9]{4,64}");

    private final List<LocalImage> images;

    public ImageResolver(List<LocalImage> images) {
        this.images = images;
    }

    public static ImageResolver of(Store store) throws IOException {
        return new ImageResolver(store.images());
    }

    public List<LocalImage> images() {
        return images;
    }

    /** What a user's text matched: the image, and the name it was found by (null when found by ID). */
    public record Match(LocalImage image, Reference name) {
    }

    public LocalImage resolve(String text) {
        return match(text).image();
    }

    public Match match(String text) {
        return findMatch(text).orElseThrow(() -> new StoreException("No such image: " + text));
    }

    public Optional<LocalImage> find(String text) {
        return findMatch(text).map(Match::image);
    }

    public Optional<Match> findMatch(String text) {
        String input = text == null ? "" : text.trim();
        boolean looksLikeId = ID_PREFIX.matcher(input.toLowerCase(Locale.ROOT)).matches()
                && input.equals(input.toLowerCase(Locale.ROOT));
        if (!input.startsWith("sha256:") && Reference.isValid(input)) {
            Reference ref = Reference.parse(input);
            Optional<LocalImage> byName = ref.digest().isPresent() ? byDigest(ref) : byName(ref);
            if (byName.isPresent() || !looksLikeId) return byName.map(i -> new Match(i, ref));
        } else if (!looksLikeId) {
            Reference.parse(input); // throws the reference grammar's message
        }
        return byIdPrefix(input.startsWith("sha256:") ? input.substring(7) : input).map(i -> new Match(i, null));
    }

    private Optional<LocalImage> byName(Reference ref) {
        return images.stream().filter(i -> i.names().contains(ref)).findFirst();
    }

    private Optional<LocalImage> byDigest(Reference ref) {
        // the name a pull by digest stored: for an index's digest it names the platform image chosen from it
        Optional<LocalImage> exact = byName(ref);
        if (exact.isPresent()) return exact;
        Digest digest = ref.digest().orElseThrow();
        String repository = ref.repository();
        Optional<LocalImage> inRepo = images.stream()
                .filter(i -> i.target().digest().equals(digest) || i.manifest().digest().equals(digest))
                .filter(i -> i.names().stream().anyMatch(n -> n.repository().equals(repository)))
                .findFirst();
        if (inRepo.isPresent()) return inRepo;
        return images.stream()
                .filter(i -> i.target().digest().equals(digest) || i.manifest().digest().equals(digest))
                .findFirst();
    }

    private Optional<LocalImage> byIdPrefix(String hexPrefix) {
        List<LocalImage> matches = images.stream().filter(i -> i.id().hex().startsWith(hexPrefix)).toList();
        long distinctIds = matches.stream().map(LocalImage::id).distinct().count();
        if (distinctIds > 1) {
            throw new ImageFormatException("image ID prefix '" + hexPrefix + "' is ambiguous: it matches "
                    + distinctIds + " images");
        }
        return matches.stream().findFirst();
    }
}
