package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.testing.Cli;
import dev.stowage.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** layers, tree, analyze, diff and export-layer on the ggcr fixture images (whiteouts, overwritten files). */
class LayerCommandsTest {
    @TempDir
    Path dir;
    Cli cli;

    @BeforeEach
    void load() {
        cli = new Cli(dir.resolve("store"));
        Path ggcr = Tools.fixtures().resolve("ggcr");
        for (String f : List.of("whiteout_image.tar", "overwritten_file.tar", "test_bundle.tar")) {
            assertThat(cli.run("load", "-i", ggcr.resolve(f).toString()).exitCode()).isZero();
        }
    }

    private JsonNode json(String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.parseAny(run.out().getBytes(), "output");
    }

    @Test
    void layersReportsDigestsSizesAndChanges() {
        JsonNode layers = json("layers", "--format", "json", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(layers).hasSize(3);
        assertThat(layers.get(0).get("Added").asInt()).isEqualTo(2);
        assertThat(layers.get(1).get("Removed").asInt()).isEqualTo(1);
        assertThat(layers.get(1).get("RemovedBytes").asLong()).isEqualTo(4);
        assertThat(layers.get(0).get("Digest").asText()).isEqualTo(layers.get(0).get("DiffID").asText());
        assertThat(layers.get(0).get("UncompressedSize").asLong()).isEqualTo(10240);
        assertThat(cli.run("layers", "bazel/pkg/v1/mutate:whiteout_image").out().lines().findFirst().orElseThrow())
                .startsWith("#").contains("DIGEST", "DIFF ID", "CREATED BY");
    }

    @Test
    void treeShowsMergedFilesAndOneLayersChanges() {
        JsonNode merged = json("tree", "--format", "json", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(merged.findValuesAsText("Path")).containsExactly("/bar.txt");
        JsonNode layer1 = json("tree", "--format", "json", "--layer", "1", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(layer1).hasSize(1);
        assertThat(layer1.get(0).get("Path").asText()).isEqualTo("/foo.txt");
        assertThat(layer1.get(0).get("Change").asText()).isEqualTo("REMOVED");
        JsonNode upTo0 = json("tree", "--format", "json", "--layer", "0", "--merged", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(upTo0.findValuesAsText("Path")).containsExactly("/bar.txt", "/foo.txt");
        assertThat(cli.run("tree", "--layer", "1", "bazel/pkg/v1/mutate:whiteout_image").out()).startsWith("D -r-xr-xr-x");
        Cli.Run bad = cli.run("tree", "--layer", "7", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: layer 7 does not exist: the image has 3 layers (0 to 2)\n");
    }

    @Test
    void analyzeGivesDivesNumbersAndReclaimableBytes() {
        // foo.txt (4 bytes) is added in layer 0 and deleted by a whiteout in layer 1: dive counts 4 wasted
        // bytes of 8 discovered (bar 4 + foo 4 + whiteout 0), score = (4 + 0) / 8
        JsonNode r = json("analyze", "--format", "json", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(r.get("EfficiencyPercent").asInt()).isEqualTo(50);
        assertThat(r.get("WastedBytes").asLong()).isEqualTo(4);
        assertThat(r.get("ReclaimableBytes").asLong()).isEqualTo(4);
        assertThat(r.get("InefficientPaths").get(0).get("Path").asText()).isEqualTo("/foo.txt");
        assertThat(r.get("InefficientPaths").get(0).get("Layers")).hasSize(2);
        assertThat(cli.run("analyze", "bazel/pkg/v1/mutate:whiteout_image").out()).contains("Efficiency score:     50 %");
    }

    @Test
    void diffComparesTwoImages() {
        assertThat(cli.run("diff", "test_image_1", "test_image_2").out()).isEqualTo("D /bar\nA /bat\nA /baz\nD /foo\n");
        assertThat(cli.run("diff", "test_image_1", "test_image_1").out()).isEmpty();
    }

    @Test
    void exportLayerWritesOnePlainTar() throws Exception {
        Path out = dir.resolve("layer1.tar");
        assertThat(cli.run("export-layer", "bazel/pkg/v1/mutate:whiteout_image", "1", "-o", out.toString()).exitCode()).isZero();
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(out); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) names.add(e.getName());
        }
        assertThat(names).contains("./.wh.foo.txt");
    }
}
