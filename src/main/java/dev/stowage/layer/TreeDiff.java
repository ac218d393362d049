package dev.stowage.layer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What differs between two filesystems: {@code A} only in the second, {@code C} in both but different, {@code D} only in the first. */
public final class TreeDiff {
    private TreeDiff() {
    }

    public static List<Change> between(FileTree from, FileTree to) {
        TreeSet<String> paths = new TreeSet<>();
        from.entries().forEach(e -> paths.add(e.path()));
        to.entries().forEach(e -> paths.add(e.path()));
        List<Change> changes = new ArrayList<>();
        for (String p : paths) {
            FileEntry a = from.get(p).orElse(null);
            FileEntry b = to.get(p).orElse(null);
            if (a == null) changes.add(new Change(p, ChangeKind.ADDED, b));
            else if (b == null) changes.add(new Change(p, ChangeKind.REMOVED, a));
            else if (!a.sameAs(b)) changes.add(new Change(p, ChangeKind.MODIFIED, b));
        }
        return changes;
    }
}
