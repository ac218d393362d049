package dev.stowage.ui;

import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;

import java.time.Instant;
import java.util.Locale;

/** One row of the images table: an image under one of its names, or a dangling image (no name). */
public record ImageRow(LocalImage image, Reference name) {
    public static final String NONE = "<none>";

    public String repository() {
        return name == null ? NONE : name.familiarRepository();
    }

    public String tag() {
        return name == null || name.tag().isEmpty() ? NONE : name.tag().get();
    }

    public String shortId() {
        return image.id().shortHex();
    }

    public Instant created() {
        return image.config().created();
    }

    public long size() {
        return image.size();
    }

    public boolean dangling() {
        return name == null;
    }

    /** What {@link dev.stowage.store.ImageRemoval} should remove for this row: the name, or the ID when unnamed. */
    public String removalTarget() {
        return name == null ? image.id().toString() : name.toString();
    }

    /** Case-insensitive match of the search text against repository, tag, or a prefix of the ID. */
    public boolean matches(String search) {
        if (search == null || search.isBlank()) return true;
        String s = search.trim().toLowerCase(Locale.ROOT);
        if (repository().toLowerCase(Locale.ROOT).contains(s) || tag().toLowerCase(Locale.ROOT).contains(s)) return true;
        if (name != null && name.toString().toLowerCase(Locale.ROOT).contains(s)) return true;
        String hex = image.id().toString();
        int colon = hex.indexOf(':');
        String bare = colon < 0 ? hex : hex.substring(colon + 1);
        return bare.startsWith(s) || hex.startsWith(s);
    }
}
