package dev.stowage.ui;

import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;

import java.time.Instant;
import java.util.Locale;

/**
 * One row of the images table: an image under one of its names, or a dangling image (no name), wherever it
 * lives. {@code image} is the store's image when the row comes from the embedded store, else null (an engine's
 * row carries only what the engine lists: ID, created, size, repo digest). {@code size} is docker's: the
 * layers uncompressed; -1 while it is being counted.
 */
public record ImageRow(String id, Reference name, Instant created, long size, String digest, LocalImage image) {
    public static final String NONE = "<none>";

    /** A row of the embedded store, with the image's uncompressed size (-1: not counted yet). */
    public ImageRow(LocalImage image, Reference name, long size) {
        this(image.id().toString(), name, image.config().created(), size, image.target().digest().toString(), image);
    }


    public String repository() {
        return name == null ? NONE : name.familiarRepository();
    }

    public String tag() {
        return name == null || name.tag().isEmpty() ? NONE : name.tag().get();
    }

    /** The first 12 hex digits of the ID, as docker shows it. */
    public String shortId() {
        String hex = bareId();
        return hex.substring(0, Math.min(12, hex.length()));
    }

    private String bareId() {
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    public boolean dangling() {
        return name == null;
    }

    /** What removing this row removes (and what resolves it for tag, push, copy): the name, or the ID when unnamed. */
    public String removalTarget() {
        return name == null ? id : name.toString();
    }

    /** Case-insensitive match of the search text against repository, tag, or a prefix of the ID. */
    public boolean matches(String search) {
        if (search == null || search.isBlank()) return true;
        String s = search.trim().toLowerCase(Locale.ROOT);
        if (repository().toLowerCase(Locale.ROOT).contains(s) || tag().toLowerCase(Locale.ROOT).contains(s)) return true;
        if (name != null && name.toString().toLowerCase(Locale.ROOT).contains(s)) return true;
        return bareId().startsWith(s) || id.startsWith(s);
    }
}
