package dev.stowage.layer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Union semantics, change marking and dive's efficiency numbers on hand-built layers. */
class LayerAnalysisTest {
    // layer 0: a/x 100, a/y 50, b 10, d/1 5, d/2 7
    private final LayerContents l0 = new TarBuilder().dir("a").file("a/x", 100, 'x').file("a/y", 50, 'y')
            .file("b", 10, 'b').dir("d").file("d/1", 5, '1').file("d/2", 7, '2').read();
    // layer 1: a/x rewritten (120), b deleted, c added (30), directory d deleted
    private final LayerContents l1 = new TarBuilder().dir("a").file("a/x", 120, 'X').whiteout("b")
            .file("c", 30, 'c').whiteout("d").read();
    // layer 2: a made opaque (hides a/x, a/y), a/z added (1)
    private final LayerContents l2 = new TarBuilder().dir("a").opaque("a").file("a/z", 1, 'z').read();

    private static Map<String, ChangeKind> kinds(List<Change> changes) {
        return changes.stream().collect(Collectors.toMap(Change::path, Change::kind));
    }

    @Test
    void readsEntriesWhiteoutsAndOpaqueMarkers() {
        assertThat(l0.entries().keySet()).containsExactly("a", "a/x", "a/y", "b", "d", "d/1", "d/2");
        byte[] xs = new byte[100];
        java.util.Arrays.fill(xs, (byte) 'x');
        assertThat(l0.entries().get("a/x").contentHash()).isEqualTo(dev.stowage.util.XxHash64.hash(xs, 0, 100));
        assertThat(l0.entries().get("a/y").contentHash()).isNotEqualTo(l0.entries().get("a/x").contentHash());
        assertThat(l0.entries().get("a").contentHash()).as("directories have no content hash").isZero();
        assertThat(l0.size()).isEqualTo(172);
        assertThat(l1.whiteouts()).containsExactlyInAnyOrder("b", "d");
        assertThat(l2.opaqueDirectories()).containsExactly("a");
        assertThat(l2.entries()).doesNotContainKey("a/.wh..wh..opq");
    }

    @Test
    void stacksLayersWithUnionSemantics() {
        FileTree merged = FileTree.of(List.of(l0, l1, l2));
        assertThat(merged.entries()).extracting(FileEntry::path).containsExactly("a", "a/z", "c");
        FileTree upToOne = FileTree.of(List.of(l0, l1));
        assertThat(upToOne.entries()).extracting(FileEntry::path).containsExactly("a", "a/x", "a/y", "c");
        assertThat(upToOne.get("a/x").orElseThrow().size()).isEqualTo(120);
    }

    @Test
    void fileReplacingDirectoryAndDirectoryReplacingFile() {
        LayerContents base = new TarBuilder().dir("p").file("p/child", 3, 'c').file("q", 4, 'q').read();
        LayerContents swap = new TarBuilder().file("p", 2, 'p').dir("q").file("q/inside", 1, 'i').read();
        FileTree t = FileTree.of(List.of(base, swap));
        assertThat(t.entries()).extracting(FileEntry::path).containsExactly("p", "q", "q/inside");
        assertThat(t.get("p").orElseThrow().type()).isEqualTo(EntryType.FILE);
        assertThat(kinds(LayerDiff.compare(FileTree.of(List.of(base)), swap)))
                .containsEntry("p", ChangeKind.MODIFIED).containsEntry("q", ChangeKind.MODIFIED).containsEntry("q/inside", ChangeKind.ADDED);
    }

    @Test
    void marksEachLayerAgainstTheStackBelow() {
        Map<String, ChangeKind> one = kinds(LayerDiff.compare(FileTree.of(List.of(l0)), l1));
        assertThat(one).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", ChangeKind.UNMODIFIED, "a/x", ChangeKind.MODIFIED, "b", ChangeKind.REMOVED, "c", ChangeKind.ADDED,
                "d", ChangeKind.REMOVED, "d/1", ChangeKind.REMOVED, "d/2", ChangeKind.REMOVED));
        Map<String, ChangeKind> two = kinds(LayerDiff.compare(FileTree.of(List.of(l0, l1)), l2));
        assertThat(two).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a", ChangeKind.UNMODIFIED, "a/x", ChangeKind.REMOVED, "a/y", ChangeKind.REMOVED, "a/z", ChangeKind.ADDED));
        LayerDiff.Summary s = LayerDiff.Summary.of(LayerDiff.compare(FileTree.of(List.of(l0)), l1));
        assertThat(s).isEqualTo(new LayerDiff.Summary(1, 1, 4, 30, 120, 10 + 5 + 7));
        LayerContents chmod = new TarBuilder().file("a/x", new byte[100], 0600).read();
        LayerContents same = new TarBuilder().file("a/y", 50, 'y').read();
        assertThat(kinds(LayerDiff.compare(FileTree.of(List.of(l0)), chmod))).containsEntry("a/x", ChangeKind.MODIFIED);
        assertThat(kinds(LayerDiff.compare(FileTree.of(List.of(l0)), same))).containsEntry("a/y", ChangeKind.UNMODIFIED);
    }

    @Test
    void efficiencyMatchesDivesFormulasWorkedOutByHand() {
        // leaves: L0 a/x 100, a/y 50, b 10, d/1 5, d/2 7 | L1 a/x 120, b (whiteout of a file) 0, c 30,
        // d (whiteout of a directory) 5+7=12 | L2 a/z 1 (a has a child, so it is no leaf)
        // per path: a/x 220 (min 100, twice), b 10 (min 0, twice), a/y 50, d/1 5, d/2 7, c 30, d 12, a/z 1
        Efficiency.Result r = Efficiency.of(List.of(l0, l1, l2));
        assertThat(r.score()).isCloseTo(205.0 / 335.0, within(1e-12));
        assertThat(r.scorePercent()).isEqualTo(61);
        assertThat(r.wastedBytes()).isEqualTo(230);
        assertThat(r.reclaimableBytes()).isEqualTo(130);
        assertThat(r.userSize()).isEqualTo(151);
        assertThat(r.wastedUserPercent()).isCloseTo(230.0 / 151.0, within(1e-12));
        assertThat(r.inefficient()).extracting(Efficiency.WastedPath::path).containsExactly("a/x", "b");
        assertThat(r.inefficient().get(0).layers()).containsExactly(0, 1);
    }

    @Test
    void aSingleLayerImageIsFullyEfficient() {
        Efficiency.Result r = Efficiency.of(List.of(l0));
        assertThat(r.score()).isEqualTo(1.0);
        assertThat(r.wastedBytes()).isZero();
        assertThat(Efficiency.of(List.of()).score()).isEqualTo(1.0);
    }
}
