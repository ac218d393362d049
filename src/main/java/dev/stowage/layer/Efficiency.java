package dev.stowage.layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wasted space exactly as dive computes it (dive/filetree/efficiency.go), plus what dive lacks.
 * <ol>
 * <li>Each layer's own leaves (files, symlinks, empty directories, whiteouts) are visited, keyed by path.</li>
 * <li>A file counts its size; a whiteout counts 0, or, when the path below it is a directory, that
 * directory's total size in the stack below. An opaque directory is a leaf directory of size 0 here, as
 * in dive (which drops the marker), so that the numbers stay dive's; the layer views show what it hides.</li>
 * <li>Per path: the cumulative size, the smallest size seen, and how often it was seen; seen twice or more
 * makes the path inefficient.</li>
 * <li>score = Σ smallest / Σ cumulative (1.0 when nothing was seen); wasted = Σ cumulative over the
 * inefficient paths (dive counts the first copy too, its issue #684); reclaimable = Σ (cumulative −
 * smallest) over them — what removing the duplicates could actually save.</li>
 * </ol>
 */
public final class Efficiency {
    /** One inefficient path: its totals and the layers (0-based) that touched it, in order. */
    public record WastedPath(String path, long cumulativeSize, long minSize, List<Integer> layers) {
        public long reclaimable() {
            return cumulativeSize - minSize;
        }
    }

    /** The whole image's figures. */
    public record Result(double score, long wastedBytes, long reclaimableBytes, long userSize, List<WastedPath> inefficient) {
        /** dive's int(100*score), truncated. */
        public int scorePercent() {
            return (int) (score * 100);
        }

        /** wasted / user size (all layers but the first), as dive reports it. */
        public double wastedUserPercent() {
            return userSize == 0 ? 0 : (double) wastedBytes / userSize;
        }
    }

    private static final class Data {
        long cumulative;
        long min = -1;
        final List<Integer> layers = new ArrayList<>();
    }

    private Efficiency() {
    }

    public static Result of(List<LayerContents> layers) {
        Map<String, Data> byPath = new HashMap<>();
        FileTree below = new FileTree();
        long userSize = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerContents layer = layers.get(i);
            if (i > 0) userSize += layer.size();
            for (String path : leaves(layer)) {
                FileEntry e = layer.entries().get(path);
                long size = e != null ? e.size() : below.get(path).filter(FileEntry::isDirectory).map(d -> below.sizeOf(path)).orElse(0L);
                Data d = byPath.computeIfAbsent(path, k -> new Data());
                d.cumulative += size;
                if (d.min < 0 || size < d.min) d.min = size;
                d.layers.add(i);
            }
            below.apply(layer);
        }
        long minimum = 0, cumulative = 0, wasted = 0, reclaimable = 0;
        List<WastedPath> inefficient = new ArrayList<>();
        for (Map.Entry<String, Data> entry : byPath.entrySet()) {
            Data d = entry.getValue();
            minimum += d.min;
            cumulative += d.cumulative;
            if (d.layers.size() > 1) {
                wasted += d.cumulative;
                reclaimable += d.cumulative - d.min;
                inefficient.add(new WastedPath(entry.getKey(), d.cumulative, d.min, List.copyOf(d.layers)));
            }
        }
        inefficient.sort(Comparator.comparingLong(WastedPath::cumulativeSize).reversed().thenComparing(WastedPath::path));
        double score = cumulative == 0 ? 1.0 : (double) minimum / cumulative;
        return new Result(score, wasted, reclaimable, userSize, inefficient);
    }

    /**
     * The leaves of a layer's own tree: entries with no entry below them in the same layer, and whiteouts.
     */
    static List<String> leaves(LayerContents layer) {
        java.util.TreeSet<String> paths = new java.util.TreeSet<>(layer.entries().keySet());
        paths.addAll(layer.whiteouts());
        List<String> leaves = new ArrayList<>();
        for (String p : paths) {
            String next = paths.ceiling(p + "/");
            boolean hasChild = next != null && next.startsWith(p + "/");
            if (!hasChild || layer.whiteouts().contains(p)) leaves.add(p);
        }
        return leaves;
    }
}
