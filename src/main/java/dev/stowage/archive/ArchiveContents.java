package dev.stowage.archive;

import dev.stowage.store.SpooledBlob;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names of an archive and what each stands for, with path resolution confined to the archive:
 * a path from manifest.json or index.json is never absolute, never climbs out with {@code ..}, and
 * symbolic or hard links are followed only while they stay inside.
 */
final class ArchiveContents {
    private static final int MAX_LINK_DEPTH = 16;
    /** Prefix of the name kept for a tar entry (or hard link target) that is absolute or climbs out. */
    private static final String UNSAFE = "\0unsafe\0";

    private final Map<String, SpooledBlob> files = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, String> hardlinks = new HashMap<>();

    void addFile(SpooledBlob entry) {
        claim(entry.name());
        files.put(entry.name(), entry);
    }

    void addSymlink(String name, String target) {
        claim(name);
        symlinks.put(name, target);
    }

    void addHardlink(String name, String target) {
        claim(name);
        hardlinks.put(name, target);
    }

    private void claim(String name) {
        if (files.containsKey(name) || symlinks.containsKey(name) || hardlinks.containsKey(name)) {
            throw new ArchiveException("archive has more than one entry named '" + name + "'");
        }
    }

    /** Whether the archive has an entry of this name (a file or a link, wherever the link points). */
    boolean hasEntry(String path) {
        String n = normalizeOrNull(path);
        return n != null && (files.containsKey(n) || symlinks.containsKey(n) || hardlinks.containsKey(n));
    }

    /** The file a path names, after links; fails with a message naming {@code source} and the path. */
    SpooledBlob resolve(String path, String source) {
        String normalized = normalizeReference(path, source);
        Optional<SpooledBlob> found = follow(normalized, path, source);
        return found.orElseThrow(() -> new ArchiveException(source + " refers to '" + path + "', which is not in the archive"));
    }

    Optional<SpooledBlob> lookup(String path) {
        try {
            return follow(normalizeReference(path, "archive"), path, "archive");
        } catch (ArchiveException e) {
            return Optional.empty();
        }
    }

    private Optional<SpooledBlob> follow(String normalized, String original, String source) {
        String current = normalized;
        for (int depth = 0; depth <= MAX_LINK_DEPTH; depth++) {
            SpooledBlob file = files.get(current);
            if (file != null) return Optional.of(file);
            String symlink = symlinks.get(current);
            String hardlink = hardlinks.get(current);
            if (symlink == null && hardlink == null) return Optional.empty();
            String next;
            if (symlink != null) {
                if (symlink.startsWith("/")) {
                    throw new ArchiveException(source + " refers to '" + original + "', a link that points outside the archive");
                }
                int slash = current.lastIndexOf('/');
                next = (slash < 0 ? "" : current.substring(0, slash + 1)) + symlink;
            } else {
                if (hardlink.startsWith(UNSAFE)) {
                    throw new ArchiveException(source + " refers to '" + original + "', a link that points outside the archive");
                }
                next = hardlink;
            }
            current = normalizeOrNull(next);
            if (current == null) {
                throw new ArchiveException(source + " refers to '" + original + "', a link that points outside the archive");
            }
        }
        throw new ArchiveException(source + " refers to '" + original + "' through too many links");
    }

    /** A path as manifest.json or index.json gives it, checked and cleaned. */
    static String normalizeReference(String path, String source) {
        if (path == null || path.isEmpty()) throw new ArchiveException(source + " has an empty path");
        if (path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            throw new ArchiveException(source + " refers to '" + path + "', which is outside the archive");
        }
        String n = normalizeOrNull(path);
        if (n == null) throw new ArchiveException(source + " refers to '" + path + "', which is outside the archive");
        return n;
    }

    /** Cleans {@code a/./b//c} to {@code a/b/c}; null if {@code ..} climbs above the root or the path is absolute. */
    static String normalizeOrNull(String path) {
        if (path.startsWith("/")) return null;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (parts.isEmpty()) return null;
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        if (parts.isEmpty()) return null;
        return String.join("/", parts);
    }

    /** Cleans a tar entry name for lookup; names that climb out are kept unreachable. */
    static String entryName(String raw) {
        String n = raw;
        while (n.startsWith("./")) n = n.substring(2);
        String cleaned = normalizeOrNull(n);
        return cleaned == null || raw.startsWith("/") ? UNSAFE + raw : cleaned;
    }
}
