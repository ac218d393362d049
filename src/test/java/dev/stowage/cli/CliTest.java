package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The docker-image-like commands end to end on real archives from ../shared/fixtures. */
class CliTest {
    @TempDir
    Path dir;
    Cli cli;
    Path ggcr;

    @BeforeEach
    void setUp() {
        cli = new Cli(dir.resolve("store"));
        ggcr = Tools.fixtures().resolve("ggcr");
    }

    private Cli.Run ok(String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as("exit code of %s, stderr %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    private JsonNode json(String... args) {
        return Json.parseAny(ok(args).out().getBytes(), "output");
    }

    @Test
    void loadPrintsLikeDockerAndImagesListsTheTags() {
        assertThat(ok("load", "-i", ggcr.resolve("test_bundle.tar").toString()).out())
                .isEqualTo("Loaded image: test_image_2:latest\nLoaded image: test_image_1:latest\n");
        String table = ok("images").out();
        assertThat(table.lines().findFirst().orElseThrow())
                .matches("REPOSITORY +TAG +IMAGE ID +CREATED +SIZE");
        assertThat(table).contains("test_image_1").contains("test_image_2");
        JsonNode rows = json("images", "--format", "json");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("Id").asText()).startsWith("sha256:");
        assertThat(rows.findValuesAsText("Reference"))
                .containsExactlyInAnyOrder("docker.io/library/test_image_1:latest", "docker.io/library/test_image_2:latest");
    }

    @Test
    void untaggedLoadPrintsTheImageId() {
        String out = ok("load", "-i", ggcr.resolve("hello-world-v25.tar").toString()).out();
        assertThat(out).matches("Loaded image ID: sha256:[0-9a-f]{64}\n");
        JsonNode rows = json("images", "--filter", "dangling=true", "--format", "json");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("Repository").asText()).isEqualTo("<none>");
        assertThat(json("images", "--filter", "dangling=false", "--format", "json")).isEmpty();
    }

    @Test
    void loadFromStandardInput() throws Exception {
        byte[] archive = Files.readAllBytes(ggcr.resolve("test_image_1.tar"));
        Cli.Run run = cli.runWithInput(new ByteArrayInputStream(archive), "load");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Loaded image: bazel/v1/tarball:test_image_1\n");
    }

    @Test
    void tagResolvesByNameShortIdAndDigest() {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        String id = json("images", "--format", "json").get(0).get("Id").asText();
        String digest = json("images", "--format", "json").get(0).get("Digest").asText();
        ok("tag", "bazel/v1/tarball:test_image_1", "registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2");
        ok("tag", id.substring(7, 11), "short:id");
        ok("tag", "bazel/v1/tarball@" + digest, "by:digest");
        ok("tag", id, "full:id");
        JsonNode inspect = json("inspect", "short:id").get(0);
        assertThat(inspect.get("Id").asText()).isEqualTo(id);
        assertThat(inspect.get("RepoTags")).extracting(JsonNode::asText).contains(
                "registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2", "short:id", "by:digest", "full:id");
        assertThat(ok("images", "-q").out().lines()).hasSize(5).allMatch(l -> l.equals(id.substring(7, 19)));
        assertThat(json("images", "--format", "json", "--filter", "reference=*:id")).hasSize(2);
    }

    @Test
    void inspectIsShapedLikeDocker() {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        JsonNode i = json("inspect", "bazel/v1/tarball:test_image_1").get(0);
        assertThat(i.get("Author").asText()).isEqualTo("Bazel");
        assertThat(i.get("Os").asText()).isEqualTo("linux");
        assertThat(i.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(i.get("RootFS").get("Type").asText()).isEqualTo("layers");
        assertThat(i.get("RootFS").get("Layers")).hasSize(1);
        assertThat(i.get("RepoDigests").get(0).asText()).startsWith("bazel/v1/tarball@sha256:");
        assertThat(i.has("Config")).isTrue();
        assertThat(i.get("Size").asLong()).isPositive();
    }

    @Test
    void historyListsNewestFirstWithLayerSizes() {
        ok("load", "-i", ggcr.resolve("whiteout_image.tar").toString());
        JsonNode steps = json("history", "--format", "json", "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).get("Id").asText()).startsWith("sha256:");
        assertThat(steps.get(1).get("Id").asText()).isEqualTo("<missing>");
        assertThat(steps.findValuesAsText("Size")).allMatch(s -> Long.parseLong(s) > 0);
        assertThat(ok("history", "bazel/pkg/v1/mutate:whiteout_image").out().lines().findFirst().orElseThrow())
                .matches("IMAGE +CREATED +CREATED BY +SIZE +COMMENT");
    }

    @Test
    void rmiUntagsThenDeletesAndCollectsBlobs() throws Exception {
        ok("load", "-i", ggcr.resolve("test_bundle.tar").toString());
        ok("tag", "test_image_1", "other:tag");
        Cli.Run first = ok("rmi", "test_image_1");
        assertThat(first.out()).isEqualTo("Untagged: test_image_1:latest\n");
        JsonNode image = json("inspect", "other:tag").get(0);
        Cli.Run second = ok("rmi", "other:tag");
        assertThat(second.out()).isEqualTo("Untagged: other:tag\nDeleted: " + image.get("Id").asText() + "\n");
        assertThat(cli.run("inspect", "other:tag").exitCode()).isEqualTo(1);
        // the remaining image is intact and no unreferenced blob is left
        assertThat(ok("verify").out()).startsWith("OK:");
        long before = Files.list(dir.resolve("store/blobs/sha256")).count();
        assertThat(ok("gc").out()).startsWith("Deleted 0 blobs");
        assertThat(Files.list(dir.resolve("store/blobs/sha256")).count()).isEqualTo(before);
    }

    @Test
    void rmiByIdOfAnImageInSeveralRepositoriesNeedsForce() {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        ok("tag", "bazel/v1/tarball:test_image_1", "second/repo:x");
        String id = json("images", "--format", "json").get(0).get("Id").asText();
        Cli.Run refused = cli.run("rmi", id.substring(7, 19));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("Error: conflict: unable to delete " + id.substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories\n");
        Cli.Run forced = ok("rmi", "-f", id.substring(7, 19));
        assertThat(forced.out()).contains("Untagged: bazel/v1/tarball:test_image_1", "Untagged: second/repo:x", "Deleted: " + id);
        assertThat(json("images", "--format", "json")).isEmpty();
        assertThat(dir.resolve("store/blobs/sha256")).isEmptyDirectory();
    }

    @Test
    void retaggingLeavesADanglingImageThatPruneRemoves() throws Exception {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        ok("load", "-i", ggcr.resolve("test_image_2.tar").toString());
        ok("tag", "bazel/v1/tarball:test_image_2", "app:v1");
        assertThat(ok("rmi", "bazel/v1/tarball:test_image_2").out()).isEqualTo("Untagged: bazel/v1/tarball:test_image_2\n");
        ok("tag", "bazel/v1/tarball:test_image_1", "app:v1");
        JsonNode dangling = json("images", "--format", "json", "-f", "dangling=true");
        assertThat(dangling).hasSize(1);
        String danglingId = dangling.get(0).get("Id").asText();
        assertThat(json("inspect", danglingId.substring(7, 15)).get(0).get("RepoTags")).isEmpty();
        Cli.Run prune = ok("image", "prune", "-f");
        assertThat(prune.out()).startsWith("Deleted Images:\ndeleted: " + danglingId + "\n\nTotal reclaimed space: ");
        assertThat(json("images", "--format", "json")).hasSize(2);
        assertThat(ok("verify").out()).startsWith("OK:");
    }

    @Test
    void saveAndLoadRoundTripKeepsEveryBlob() throws Exception {
        ok("load", "-i", ggcr.resolve("test_bundle.tar").toString());
        ok("load", "-i", ggcr.resolve("whiteout_dir.tar").toString());
        Path out = dir.resolve("all.tar.gz");
        ok("save", "-o", out.toString(), "test_image_1", "test_image_2", "localhost:5000/whiteout");
        assertThat(Files.readAllBytes(out)[0] & 0xff).isEqualTo(0x1f);
        Cli other = new Cli(dir.resolve("other"));
        assertThat(other.run("load", "-i", out.toString()).out()).contains(
                "Loaded image: test_image_1:latest", "Loaded image: test_image_2:latest", "Loaded image: localhost:5000/whiteout:latest");
        assertThat(StoreSnapshot.of(dir.resolve("other/blobs"))).isEqualTo(StoreSnapshot.of(dir.resolve("store/blobs")));
        for (String image : new String[]{"test_image_1", "localhost:5000/whiteout"}) {
            assertThat(Json.parseAny(other.run("inspect", image).out().getBytes(), "x"))
                    .isEqualTo(json("inspect", image));
        }
    }

    @Test
    void saveToStandardOutputInOciFormat() {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        Cli.Run run = ok("save", "--format", "oci", "bazel/v1/tarball:test_image_1");
        Cli other = new Cli(dir.resolve("other"));
        Cli.Run load = other.runWithInput(new ByteArrayInputStream(run.binary()), "load");
        assertThat(load.out()).isEqualTo("Loaded image: bazel/v1/tarball:test_image_1\n");
    }

    @Test
    void aFailedSaveLeavesNoFile() {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        Path out = dir.resolve("x.tar");
        Cli.Run run = cli.run("save", "-o", out.toString(), "bazel/v1/tarball:test_image_1", "missing:image");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error: No such image: missing:image\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void verifyNamesWhatIsBroken() throws Exception {
        ok("load", "-i", ggcr.resolve("test_image_1.tar").toString());
        Store store = Store.open(dir.resolve("store"));
        var image = store.images().get(0);
        Path layer = store.blobPath(image.manifest().layers().get(0).digest());
        Files.write(layer, new byte[]{1, 2, 3});
        Cli.Run run = cli.run("verify");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN: blob " + image.manifest().layers().get(0).digest() + ": content hashes to");
        assertThat(run.err()).startsWith("Error: store has ");
        Files.delete(layer);
        assertThat(cli.run("verify").out()).contains("layer " + image.manifest().layers().get(0).digest() + " is missing");
    }

    @Test
    void errorsAreOneLineWithDockerLikeExitCodes() {
        Cli.Run usage = cli.run("tag", "only-one-arg");
        assertThat(usage.exitCode()).isEqualTo(2);
        Cli.Run bad = cli.run("tag", "Busybox", "x");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: invalid reference format: repository name (Busybox) must be lowercase\n");
        Cli.Run missing = cli.run("inspect", "nothere");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: No such image: nothere\n");
        Cli.Run noFile = cli.run("load", "-i", dir.resolve("nope.tar").toString());
        assertThat(noFile.err()).isEqualTo("Error: no such file: " + dir.resolve("nope.tar") + "\n");
        assertThat(cli.run("images", "--filter", "bogus=1").exitCode()).isEqualTo(2);
    }
}
