package dev.stowage.container;

import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.LayerContents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed in a container's rootfs since create, as {@code docker diff} prints it: {@code A} added,
 * {@code C} changed, {@code D} deleted (only the topmost deleted path; its subtree goes with it). The parent
 * directories of every change are listed as changed too, as docker does (a commit writes them so that
 * their permissions survive). Sorted by path, component by component.
 */
public final class ContainerDiff {
    /** One line of the diff. */
    public record Line(String path, ChangeKind kind) {
        public String letter() {
            return switch (kind) {
                case ADDED -> "A";
                case REMOVED -> "D";
                default -> "C";
            };
        }
    }

    private ContainerDiff() {
    }

    public static List<Line> of(Container c) throws IOException {
        RootfsScan scan = RootfsScan.scan(c, false);
        Map<String, ChangeKind> lines = new TreeMap<>(PATH_ORDER);
        for (RootfsScan.Item it : scan.items()) {
            switch (it.kind()) {
                case ADDED -> lines.put(it.path(), ChangeKind.ADDED);
                case MODIFIED, REPLACED -> lines.put(it.path(), ChangeKind.MODIFIED);
                default -> { }
            }
        }
        for (SnapshotEntry e : scan.topmostDeleted(true)) lines.put(e.path(), ChangeKind.REMOVED);
        for (String path : new ArrayList<>(lines.keySet())) {
            for (String parent = parentOf(path); !parent.isEmpty(); parent = parentOf(parent)) {
                if (lines.putIfAbsent(parent, ChangeKind.MODIFIED) != null) break;
            }
        }
        List<Line> out = new ArrayList<>();
        lines.forEach((p, k) -> out.add(new Line(p, k)));
        return out;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * Path order of layers and diffs: component by component (a directory's whole subtree right after it),
     * within a directory the opaque marker first, then whiteouts, then names in code-point order.
     */
    public static final Comparator<String> PATH_ORDER = ContainerDiff::comparePaths;

    static int comparePaths(String a, String b) {
        int i = 0, j = 0;
        while (true) {
            int ea = a.indexOf('/', i);
            int eb = b.indexOf('/', j);
            if (ea < 0) ea = a.length();
            if (eb < 0) eb = b.length();
            String ca = a.substring(i, ea);
            String cb = b.substring(j, eb);
            int c = Integer.compare(rank(ca), rank(cb));
            if (c == 0) c = ca.compareTo(cb);
            if (c != 0) return c;
            boolean endA = ea == a.length();
            boolean endB = eb == b.length();
            if (endA || endB) return endA == endB ? 0 : (endA ? -1 : 1);
            i = ea + 1;
            j = eb + 1;
        }
    }

    private static int rank(String component) {
        if (component.equals(LayerContents.OPAQUE_MARKER)) return 0;
        return component.startsWith(LayerContents.WHITEOUT_PREFIX) ? 1 : 2;
    }
}
