package dev.stowage.layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Marks each path of a layer against the stack below it, as dive does: a new path is Added, an existing
 * one Modified or Unmodified (type, content, link, mode, uid, gid; mtime ignored), and whatever a whiteout
 * or an opaque directory hides is Removed, subtree included.
 */
public final class LayerDiff {
    private LayerDiff() {
    }

    /** Changes sorted by path. */
    public static List<Change> compare(FileTree lower, LayerContents layer) {
        Map<String, Change> changes = new HashMap<>();
        for (String dir : layer.opaqueDirectories()) {
            for (FileEntry hidden : lower.subtree(dir).values()) {
                if (!layer.entries().containsKey(hidden.path())) {
                    changes.put(hidden.path(), new Change(hidden.path(), ChangeKind.REMOVED, hidden));
                }
            }
        }
        for (String path : layer.whiteouts()) {
            lower.get(path).ifPresent(e -> changes.put(path, new Change(path, ChangeKind.REMOVED, e)));
            for (FileEntry e : lower.subtree(path).values()) changes.put(e.path(), new Change(e.path(), ChangeKind.REMOVED, e));
        }
        for (FileEntry e : layer.entries().values()) {
            ChangeKind kind = lower.get(e.path()).map(old -> old.sameAs(e) ? ChangeKind.UNMODIFIED : ChangeKind.MODIFIED)
                    .orElse(ChangeKind.ADDED);
            changes.put(e.path(), new Change(e.path(), kind, e));
        }
        List<Change> sorted = new ArrayList<>(changes.values());
        sorted.sort(Comparator.comparing(Change::path)); // once: a layer's paths come nearly sorted, which TimSort likes
        return sorted;
    }

    /** Counts and bytes per kind, for a layer summary line. */
    public record Summary(int added, int modified, int removed, long addedBytes, long modifiedBytes, long removedBytes) {
        public static Summary of(List<Change> changes) {
            int a = 0, m = 0, r = 0;
            long ab = 0, mb = 0, rb = 0;
            for (Change c : changes) {
                switch (c.kind()) {
                    case ADDED -> { a++; ab += c.entry().size(); }
                    case MODIFIED -> { m++; mb += c.entry().size(); }
                    case REMOVED -> { r++; rb += c.entry().size(); }
                    default -> { }
                }
            }
            return new Summary(a, m, r, ab, mb, rb);
        }
    }
}
