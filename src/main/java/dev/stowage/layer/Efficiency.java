package dev.stowage.layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Tally tally = new Tally();
        FileTree below = new FileTree();
        for (LayerContents layer : layers) {
            tally.add(layer, below);
            below.apply(layer);
        }
        return tally.result();
    }

    /**
     * The figures built up a layer at a time, bottom first, by whoever stacks the layers anyway (reading an image
     * does), so that the union is not stacked a second time.
     */
    public static final class Tally {
        private final Map<String, Data> byPath = new HashMap<>();
        private int layers;
        private long userSize;

        /** Counts the next layer up; {@code below} is the union of the layers under it. */
        public void add(LayerContents layer, FileTree below) {
            int i = layers++;
            if (i > 0) userSize += layer.size();
            for (String path : leaves(layer)) {
                FileEntry e = layer.entries().get(path);
                long size = e != null ? e.size() : below.get(path).filter(FileEntry::isDirectory).map(d -> below.sizeOf(path)).orElse(0L);
                Data d = byPath.computeIfAbsent(path, k -> new Data());
                d.cumulative += size;
                if (d.min < 0 || size < d.min) d.min = size;
                d.layers.add(i);
            }
        }

        public Result result() {
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
    }

    /**
     * The leaves of a layer's own tree: entries with no entry below them in the same layer, and whiteouts.
     */
    static List<String> leaves(LayerContents layer) {
        Set<String> parents = new HashSet<>();
        for (String p : layer.entries().keySet()) addAncestors(p, parents);
        for (String p : layer.whiteouts()) addAncestors(p, parents);
        List<String> leaves = new ArrayList<>();
        for (String p : layer.entries().keySet()) {
            if (!parents.contains(p) && !layer.whiteouts().contains(p)) leaves.add(p);
        }
        leaves.addAll(layer.whiteouts());
        return leaves;
    }

    /** Adds every directory above {@code path}, stopping at one already there (its own ancestors are too). */
    private static void addAncestors(String path, Set<String> parents) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (!parents.add(path.substring(0, slash))) return;
        }
    }
}
