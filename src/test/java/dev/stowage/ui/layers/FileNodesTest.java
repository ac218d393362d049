package dev.stowage.ui.layers;

import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.FileTree;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.LayeredImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trees the layer and container views show, built from the layer package's results for a real image. */
class FileNodesTest {
    static ImageLayers demo(Path dir) throws IOException {
        Store store = Store.open(dir.resolve("store"));
        LayeredImages.load(store, "demo:1", LayersViewTest.base(), LayersViewTest.update());
        LocalImage image = store.images().get(0);
        return ImageLayers.read(store, image);
    }

    @Test
    void aLayersChangesAreMarkedAndDirectoriesMergeTheirChildren(@TempDir Path dir) throws IOException {
        ImageLayers layers = demo(dir);
        FileNode root = FileNodes.ofChanges(layers.layers().get(1).changes());
        assertThat(root.find("etc/passwd").kind()).isEqualTo(ChangeKind.MODIFIED);
        assertThat(root.find("etc/new.conf").kind()).isEqualTo(ChangeKind.ADDED);
        assertThat(root.find("etc/hosts").kind()).isEqualTo(ChangeKind.REMOVED);
        assertThat(root.find("big.bin").kind()).isEqualTo(ChangeKind.MODIFIED);
        assertThat(root.find("etc").kind()).isEqualTo(ChangeKind.MODIFIED); // unmodified dir + mixed children
        assertThat(root.find("usr")).isNull(); // not touched by layer 1
        // a directory's size: what is still there below it (the removed hosts file does not count)
        assertThat(root.find("etc").size()).isEqualTo(120 + 30);
        // directories first, then names
        assertThat(root.children().stream().map(FileNode::name).toList()).containsExactly("etc", "big.bin");
        assertThat(root.find("etc").shows(FileNode.bit(ChangeKind.ADDED))).isTrue();
        assertThat(root.find("big.bin").shows(FileNode.bit(ChangeKind.ADDED))).isFalse();

        FileNode base = FileNodes.ofChanges(layers.layers().get(0).changes());
        assertThat(base.find("usr/bin/tool").kind()).isEqualTo(ChangeKind.ADDED);
        assertThat(base.find("usr").kind()).isEqualTo(ChangeKind.ADDED);
        assertThat(base.size()).isEqualTo(100 + 50 + 1000 + 5000);
    }

    @Test
    void theMergedFilesystemKeepsUnchangedPathsAndListsWhatTheLayerRemoved(@TempDir Path dir) throws IOException {
        ImageLayers layers = demo(dir);
        FileTree merged = layers.mergedUpTo(1);
        FileNode root = FileNodes.ofMerged(merged, layers.layers().get(1).changes());
        assertThat(root.find("usr/bin/tool").kind()).isEqualTo(ChangeKind.UNMODIFIED);
        assertThat(root.find("etc/hosts").kind()).isEqualTo(ChangeKind.REMOVED);
        assertThat(root.find("etc/new.conf").kind()).isEqualTo(ChangeKind.ADDED);
        assertThat(root.find("usr").kind()).isEqualTo(ChangeKind.UNMODIFIED);
        assertThat(root.size()).isEqualTo(merged.entries().stream().mapToLong(e -> e.size()).sum());
    }

    @Test
    void aContainerDiffIsATreeOfPaths() {
        Map<String, ChangeKind> diff = new LinkedHashMap<>();
        diff.put("etc", ChangeKind.MODIFIED);
        diff.put("etc/motd", ChangeKind.ADDED);
        diff.put("tmp", ChangeKind.MODIFIED);
        diff.put("tmp/old", ChangeKind.REMOVED);
        FileNode root = FileNodes.ofPaths(diff);
        assertThat(root.children().stream().map(FileNode::name).toList()).containsExactly("etc", "tmp");
        assertThat(root.find("etc/motd").isDirectory()).isFalse();
        assertThat(root.find("tmp/old").kind()).isEqualTo(ChangeKind.REMOVED);
        assertThat(root.count()).isEqualTo(5);
        assertThat(List.of(root.find("etc").kind(), root.find("tmp").kind())).containsOnly(ChangeKind.MODIFIED);
    }
}
