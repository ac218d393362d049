package dev.stowage.ui.layers;

import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.FileEntry;

import java.util.List;

/**
 * One path of a file tree as the layer and container views show it: its entry (null for a directory that is
 * only implied by paths below it, or when only the path is known), how it changed, its size (a directory:
 * the bytes of everything below that is still there) and the kinds of change found at and below it.
 */
public final class FileNode {
    private final String name;
    private final String path;
    FileEntry entry;
    ChangeKind kind;
    /** The kind given for this path itself (null when the path is only implied); {@link #kind} merges the children in. */
    ChangeKind ownKind;
    long size;
    int kindsBelow;
    List<FileNode> children;

    FileNode(String name, String path) {
        this.name = name;
        this.path = path;
    }

    public String name() {
        return name;
    }

    /** Relative to the root, without a leading slash; empty for the root. */
    public String path() {
        return path;
    }

    public FileEntry entry() {
        return entry;
    }

    public ChangeKind kind() {
        return kind;
    }

    public long size() {
        return size;
    }

    public boolean isDirectory() {
        return children != null || (entry != null && entry.isDirectory());
    }

    /** Children sorted (directories first, then by name); empty for a file. */
    public List<FileNode> children() {
        return children == null ? List.of() : children;
    }

    /** Whether this node or something below it has one of the kinds in {@code mask} (see {@link #bit}). */
    public boolean shows(int mask) {
        return (kindsBelow & mask) != 0;
    }

    public static int bit(ChangeKind kind) {
        return 1 << kind.ordinal();
    }

    public static final int ALL = (1 << ChangeKind.values().length) - 1;

    /** The node at a path below this one, or null. */
    public FileNode find(String relative) {
        FileNode node = this;
        for (String part : relative.split("/")) {
            if (part.isEmpty()) continue;
            FileNode next = null;
            for (FileNode c : node.children()) {
                if (c.name.equals(part)) {
                    next = c;
                    break;
                }
            }
            if (next == null) return null;
            node = next;
        }
        return node;
    }

    /** Number of nodes at and below this one. */
    public int count() {
        int n = 1;
        for (FileNode c : children()) n += c.count();
        return n;
    }

    @Override
    public String toString() {
        return path + " " + kind;
    }
}
