package dev.stowage.ui.layers;

import dev.stowage.layer.Change;
import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.FileEntry;
import dev.stowage.layer.FileTree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link FileNode} trees from what the layer package computed: a layer's changes, the merged
 * filesystem up to a layer, or a container's diff. Directories get their size and, as dive marks them, a
 * kind merged from their own and their children's (all the same stays, mixed is Modified).
 */
public final class FileNodes {
    private static final Comparator<FileNode> ORDER = Comparator.comparing((FileNode n) -> !n.isDirectory())
            .thenComparing(FileNode::name);

    private final FileNode root = new FileNode("/", "");
    private final Map<String, FileNode> directories = new HashMap<>();

    private FileNodes() {
        root.children = new ArrayList<>();
        directories.put("", root);
    }

    /** One layer's changes against the layers below it. */
    public static FileNode ofChanges(List<Change> changes) {
        FileNodes b = new FileNodes();
        for (Change c : changes) b.add(c.path(), c.kind(), c.entry());
        return b.finish();
    }

    /** The filesystem up to a layer, each path marked with that layer's change (Unmodified when it made none); what the layer removed is listed too. */
    public static FileNode ofMerged(FileTree merged, List<Change> layerChanges) {
        Map<String, Change> byPath = new HashMap<>(layerChanges.size() * 2);
        for (Change c : layerChanges) byPath.put(c.path(), c);
        FileNodes b = new FileNodes();
        for (FileEntry e : merged.entries()) {
            Change c = byPath.get(e.path());
            b.add(e.path(), c == null ? ChangeKind.UNMODIFIED : c.kind(), e);
        }
        for (Change c : layerChanges) {
            if (c.kind() == ChangeKind.REMOVED) b.add(c.path(), ChangeKind.REMOVED, c.entry());
        }
        return b.finish();
    }

    /** Paths with a kind and no entry (a container's {@code diff}). */
    public static FileNode ofPaths(Map<String, ChangeKind> paths) {
        FileNodes b = new FileNodes();
        paths.forEach((p, k) -> b.add(p, k, null));
        return b.finish();
    }

    private void add(String path, ChangeKind kind, FileEntry entry) {
        FileNode node;
        if (entry == null || entry.isDirectory()) {
            node = directory(path);
        } else {
            int slash = path.lastIndexOf('/');
            FileNode parent = slash < 0 ? root : directory(path.substring(0, slash));
            node = new FileNode(slash < 0 ? path : path.substring(slash + 1), path);
            parent.children.add(node);
        }
        node.entry = entry;
        node.ownKind = kind;
    }

    private FileNode directory(String path) {
        FileNode existing = directories.get(path);
        if (existing != null) return existing;
        int slash = path.lastIndexOf('/');
        FileNode parent = slash < 0 ? root : directory(path.substring(0, slash));
        FileNode node = new FileNode(slash < 0 ? path : path.substring(slash + 1), path);
        node.children = new ArrayList<>();
        parent.children.add(node);
        directories.put(path, node);
        return node;
    }

    private FileNode finish() {
        complete(root);
        return root;
    }

    private static void complete(FileNode node) {
        if (node.children == null) {
            node.kind = node.ownKind;
            node.size = node.entry == null ? 0 : node.entry.size();
            node.kindsBelow = FileNode.bit(node.kind);
            return;
        }
        boolean leaf = node.entry == null ? node.ownKind != null : !node.entry.isDirectory();
        if (node.children.isEmpty() && leaf && !node.path().isEmpty()) {
            node.children = null; // a path known only by name with nothing below it, shown as a file
            complete(node);
            return;
        }
        for (FileNode c : node.children) complete(c);
        node.children.sort(ORDER);
        ChangeKind merged = node.ownKind;
        long size = 0;
        int kinds = node.ownKind == null ? 0 : FileNode.bit(node.ownKind);
        for (FileNode c : node.children) {
            if (node.ownKind == ChangeKind.REMOVED || c.kind != ChangeKind.REMOVED) size += c.size;
            merged = merged == null ? c.kind : merged.merge(c.kind);
            kinds |= c.kindsBelow;
        }
        node.kind = merged == null ? ChangeKind.UNMODIFIED : merged;
        node.size = size + (node.entry == null ? 0 : node.entry.size());
        node.kindsBelow = kinds == 0 ? FileNode.bit(node.kind) : kinds;
    }
}
