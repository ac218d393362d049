package dev.stowage.layer;

import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A filesystem as layers stacked with union-mount semantics (image-spec layer.md, overlayfs): a whiteout
 * deletes a path and everything under it, an opaque directory hides the lower content of that directory,
 * a non-directory replacing a directory removes the directory's subtree, and a directory over a directory
 * merges. Paths are kept sorted so that a subtree is one contiguous range.
 */
public final class FileTree {
    private final NavigableMap<String, FileEntry> entries = new TreeMap<>();

    public static FileTree of(Iterable<LayerContents> layers) {
        FileTree tree = new FileTree();
        for (LayerContents layer : layers) tree.apply(layer);
        return tree;
    }

    /** Stacks one more layer on top: its opaque markers and whiteouts act on the layers below, then its entries land. */
    public void apply(LayerContents layer) {
        for (String dir : layer.opaqueDirectories()) subtree(dir).clear();
        for (String path : layer.whiteouts()) {
            entries.remove(path);
            subtree(path).clear();
        }
        for (FileEntry e : layer.entries().values()) {
            FileEntry lower = entries.get(e.path());
            if (lower != null && lower.isDirectory() && !e.isDirectory()) subtree(e.path()).clear();
            removeNonDirectoryAncestors(e.path());
            entries.put(e.path(), e);
        }
    }

    /**
     * A file replaced by a directory that now holds this path: the file goes. Looks upwards and stops at the first
     * directory that is there: above an entry of the tree there are only directories (this method and the subtree
     * clearing in {@link #apply} keep it so), so nothing above that one needs looking at. Layers list directories
     * before what they hold, so that is usually the parent.
     */
    private void removeNonDirectoryAncestors(String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            FileEntry ancestor = entries.get(path.substring(0, slash));
            if (ancestor == null) continue;
            if (ancestor.isDirectory()) return;
            entries.remove(ancestor.path());
        }
    }

    /** Everything strictly below {@code path}, as a live view. */
    public NavigableMap<String, FileEntry> subtree(String path) {
        return entries.subMap(path + "/", true, path + "0", false);
    }

    public Optional<FileEntry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    public boolean contains(String path) {
        return entries.containsKey(path);
    }

    /** Bytes of regular files at and below a path. */
    public long sizeOf(String path) {
        long size = get(path).map(FileEntry::size).orElse(0L);
        for (FileEntry e : subtree(path).values()) size += e.size();
        return size;
    }

    public Collection<FileEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public int size() {
        return entries.size();
    }
}
