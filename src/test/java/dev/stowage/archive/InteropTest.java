package dev.stowage.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.image.Compression;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.StoredLayers;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.Tools;
import dev.stowage.util.Compressors;
import dev.stowage.util.Hashing;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interoperability with the real tools: images built by umoci, archived by skopeo, loaded and saved by
 * podman, read back by all of them; and the go-containerregistry fixture archives under ../shared/fixtures.
 * Every test builds its own image in its own temp dir and uses a private podman storage.
 */
class InteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREETING = "hello stowage\n";
    private static final String GREETING_V2 = "changed in v2\n";
    private static final String AUTHOR = "Stowage Tests <tests@stowage.dev>";
    private static final String NAME = "example.com/team/app:v2";

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- image building with umoci and skopeo

    /** A two-layer image built by umoci: layer 1 adds files and a symlink, layer 2 changes one file and deletes another. */
    record UmociImage(Path layout, List<String> diffIds, List<String> diffIdsV1) {
        String oci(String tag) {
            return "oci:" + layout + ":" + tag;
        }
    }

    private UmociImage buildImage() throws Exception {
        Tools.require("umoci");
        Tools.require("skopeo");
        Path layout = tmp.resolve("layout");
        Path bundle = tmp.resolve("bundle");
        ok(tmp, "umoci", "init", "--layout", layout.toString());
        ok(tmp, "umoci", "new", "--image", layout + ":base");
        ok(tmp, "umoci", "unpack", "--rootless", "--image", layout + ":base", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("etc/app"));
        Files.createDirectories(rootfs.resolve("usr/share/doc/app"));
        Files.writeString(rootfs.resolve("etc/app/greeting.txt"), GREETING);
        Files.writeString(rootfs.resolve("etc/app/obsolete.conf"), "to be deleted in v2\n");
        Files.writeString(rootfs.resolve("usr/share/doc/app/README"), "readme\n");
        Files.createSymbolicLink(rootfs.resolve("etc/greeting-link"), Path.of("app/greeting.txt"));
        // --refresh-bundle: the next repack diffs against v1 and stacks a second layer on it
        ok(tmp, "umoci", "repack", "--refresh-bundle", "--image", layout + ":v1", bundle.toString());
        Files.writeString(rootfs.resolve("etc/app/greeting.txt"), GREETING_V2);
        Files.delete(rootfs.resolve("etc/app/obsolete.conf"));
        ok(tmp, "umoci", "repack", "--image", layout + ":v2", bundle.toString());
        ok(tmp, "umoci", "config", "--image", layout + ":v2", "--author", AUTHOR,
                "--config.cmd", "/bin/app", "--config.cmd", "--serve");
        UmociImage image = new UmociImage(layout, skopeoDiffIds("oci:" + layout + ":v2"), skopeoDiffIds("oci:" + layout + ":v1"));
        assertThat(image.diffIds()).hasSize(2);
        assertThat(image.diffIdsV1()).containsExactly(image.diffIds().get(0));
        return image;
    }

    private static List<String> skopeoDiffIds(String ref) throws Exception {
        JsonNode config = JSON.readTree(ok(null, "skopeo", "inspect", "--config", ref).stdout());
        return strings(config.path("rootfs").path("diff_ids"));
    }

    private Path skopeoDockerArchive(UmociImage image, String tag, String name) throws Exception {
        Path archive = tmp.resolve("skopeo-" + tag + ".tar");
        ok(tmp, "skopeo", "copy", "--quiet", image.oci(tag), "docker-archive:" + archive + ":" + name);
        return archive;
    }

    private Path skopeoOciArchive(UmociImage image, String tag) throws Exception {
        Path archive = tmp.resolve("skopeo-oci-" + tag + ".tar");
        ok(tmp, "skopeo", "copy", "--quiet", image.oci(tag), "oci-archive:" + archive + ":" + tag);
        return archive;
    }

    // ---------------------------------------------------------------- 1, 2: umoci + skopeo archives into stowage

    @Test
    void loadsSkopeoDockerArchiveOfUmociImage() throws Exception {
        UmociImage image = buildImage();
        Path archive = skopeoDockerArchive(image, "v2", NAME);
        Cli cli = new Cli(tmp.resolve("store"));

        Cli.Run load = cli.run("load", "-i", archive.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).isEqualTo("Loaded image: " + NAME + "\n");
        assertThat(load.err()).isEmpty();

        assertListed(cli, "example.com/team/app", "v2");
        JsonNode inspect = inspect(cli, NAME);
        assertThat(inspect.path("Author").asText()).isEqualTo(AUTHOR);
        assertThat(strings(inspect.path("Config").path("Cmd"))).containsExactly("/bin/app", "--serve");
        assertThat(strings(inspect.path("RootFS").path("Layers"))).isEqualTo(image.diffIds());
        assertThat(inspect.path("Id").asText()).isEqualTo(skopeoConfigDigest(image.oci("v2")));
        // a docker-archive has no manifest of its own: the one made for it is OCI, so that an OCI save
        // of it can be looked up by tag in skopeo and podman (they skip Docker-typed index entries)
        assertThat(inspect.path("Descriptor").path("mediaType").asText()).isEqualTo(MediaTypes.OCI_MANIFEST);

        assertLayerContents(cli.store(), NAME, image);
    }

    @Test
    void loadsSkopeoOciArchiveOfUmociImage() throws Exception {
        UmociImage image = buildImage();
        Path archive = skopeoOciArchive(image, "v2");
        Cli cli = new Cli(tmp.resolve("store"));

        Cli.Run load = cli.run("load", "-i", archive.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        // skopeo writes only the tag "v2" as org.opencontainers.image.ref.name: read the way podman reads it
        assertThat(load.out()).isEqualTo("Loaded image: localhost/v2:latest\n");

        assertListed(cli, "localhost/v2", "latest");
        JsonNode inspect = inspect(cli, "localhost/v2:latest");
        assertThat(inspect.path("Author").asText()).isEqualTo(AUTHOR);
        assertThat(strings(inspect.path("Config").path("Cmd"))).containsExactly("/bin/app", "--serve");
        assertThat(strings(inspect.path("RootFS").path("Layers"))).isEqualTo(image.diffIds());
        // an OCI archive's manifest is kept byte for byte: same digest as in the umoci layout
        byte[] rawManifest = ok(null, "skopeo", "inspect", "--raw", image.oci("v2")).stdout().getBytes(StandardCharsets.UTF_8);
        assertThat(inspect.path("Descriptor").path("digest").asText()).isEqualTo(Digest.sha256(rawManifest).toString());

        LocalImage stored = storedImage(cli.store(), "localhost/v2:latest");
        assertThat(stored.manifest().layers()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.OCI_LAYER_GZIP);
        assertLayerContents(cli.store(), "localhost/v2:latest", image);
    }

    @Test
    void loadsBothArchivesOfOneImageIntoOneStore() throws Exception {
        UmociImage image = buildImage();
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("load", "-i", skopeoDockerArchive(image, "v2", NAME).toString()).exitCode()).isZero();
        assertThat(cli.run("load", "-i", skopeoOciArchive(image, "v2").toString()).exitCode()).isZero();
        assertThat(cli.run("load", "-i", skopeoDockerArchive(image, "v1", "example.com/team/app:v1").toString()).out())
                .isEqualTo("Loaded image: example.com/team/app:v1\n");
        // the same config under two manifests (docker-archive vs OCI), and v1 sharing layer 1
        assertThat(inspect(cli, NAME).path("Id").asText()).isEqualTo(inspect(cli, "localhost/v2:latest").path("Id").asText());
        assertThat(strings(inspect(cli, "example.com/team/app:v1").path("RootFS").path("Layers"))).isEqualTo(image.diffIdsV1());
        assertThat(cli.run("verify").exitCode()).isZero();
    }

    // ---------------------------------------------------------------- 3: podman-written archives into stowage

    @Test
    void loadsArchivesSavedByPodman() throws Exception {
        UmociImage image = buildImage();
        Tools.require("podman");
        Path podman = tmp.resolve("podman");
        Path source = skopeoDockerArchive(image, "v2", NAME);
        assertThat(ok(tmp, Tools.podman(podman, "load", "-i", source.toString())).stdout()).contains("Loaded image: " + NAME);
        ok(tmp, Tools.podman(podman, "tag", NAME, "localhost/other:1"));

        Path docker = tmp.resolve("podman-docker.tar");
        Path oci = tmp.resolve("podman-oci.tar");
        Path multi = tmp.resolve("podman-multi.tar");
        ok(tmp, Tools.podman(podman, "save", "--quiet", "--format", "docker-archive", "-o", docker.toString(), NAME));
        ok(tmp, Tools.podman(podman, "save", "--quiet", "--format", "oci-archive", "-o", oci.toString(), NAME));
        ok(tmp, Tools.podman(podman, "save", "--quiet", "-m", "--format", "docker-archive", "-o", multi.toString(),
                NAME, "localhost/other:1"));

        Cli fromDocker = new Cli(tmp.resolve("store-docker"));
        Cli.Run run = fromDocker.run("load", "-i", docker.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Loaded image: " + NAME + "\n");
        assertThat(strings(inspect(fromDocker, NAME).path("RootFS").path("Layers"))).isEqualTo(image.diffIds());
        assertLayerContents(fromDocker.store(), NAME, image);

        // podman writes the full reference into org.opencontainers.image.ref.name
        Cli fromOci = new Cli(tmp.resolve("store-oci"));
        run = fromOci.run("load", "-i", oci.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Loaded image: " + NAME + "\n");
        assertThat(strings(inspect(fromOci, NAME).path("RootFS").path("Layers"))).isEqualTo(image.diffIds());
        assertThat(inspect(fromOci, NAME).path("Author").asText()).isEqualTo(AUTHOR);

        Cli fromMulti = new Cli(tmp.resolve("store-multi"));
        run = fromMulti.run("load", "-i", multi.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Loaded image: " + NAME + "\nLoaded image: localhost/other:1\n");
        assertListed(fromMulti, "example.com/team/app", "v2");
        assertListed(fromMulti, "localhost/other", "1");
        assertThat(inspect(fromMulti, "localhost/other:1").path("Id").asText())
                .isEqualTo(inspect(fromMulti, NAME).path("Id").asText());
        assertThat(strings(inspect(fromMulti, "localhost/other:1").path("RootFS").path("Layers"))).isEqualTo(image.diffIds());
    }

    // ---------------------------------------------------------------- 4: stowage-written archives into skopeo and podman

    /** A store holding the umoci image as example.com/team/app:v2 (from a docker-archive) and :v1. */
    private Cli storeWithImage(UmociImage image) throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("load", "-i", skopeoDockerArchive(image, "v2", NAME).toString()).exitCode()).isZero();
        assertThat(cli.run("load", "-i", skopeoDockerArchive(image, "v1", "example.com/team/app:v1").toString()).exitCode()).isZero();
        return cli;
    }

    @Test
    void dockerSaveIsReadBySkopeoAndPodman() throws Exception {
        UmociImage image = buildImage();
        Tools.require("podman");
        Cli cli = storeWithImage(image);
        Path archive = tmp.resolve("F.tar");
        Cli.Run save = cli.run("save", "-o", archive.toString(), NAME);
        assertThat(save.exitCode()).as(save.err()).isZero();

        JsonNode skopeo = JSON.readTree(ok(tmp, "skopeo", "inspect", "docker-archive:" + archive).stdout());
        assertThat(strings(skopeo.path("Layers"))).isEqualTo(image.diffIds());
        assertThat(skopeoDiffIds("docker-archive:" + archive)).isEqualTo(image.diffIds());

        Path ociDir = tmp.resolve("copied-oci");
        ok(tmp, "skopeo", "copy", "--quiet", "docker-archive:" + archive, "oci:" + ociDir + ":copied");
        assertThat(skopeoDiffIds("oci:" + ociDir + ":copied")).isEqualTo(image.diffIds());

        Path podman = tmp.resolve("podman");
        assertThat(ok(tmp, Tools.podman(podman, "load", "-i", archive.toString())).stdout()).contains("Loaded image: " + NAME);
        assertThat(podmanLayers(podman, NAME)).isEqualTo(image.diffIds());
        assertThat(podmanId(podman, NAME)).isEqualTo(inspect(cli, NAME).path("Id").asText());
    }

    @Test
    void ociSaveIsReadBySkopeoAndPodman() throws Exception {
        UmociImage image = buildImage();
        Tools.require("podman");
        Cli cli = storeWithImage(image);
        JsonNode stowage = inspect(cli, NAME);
        Path archive = tmp.resolve("G.tar");
        Cli.Run save = cli.run("save", "--format", "oci", "-o", archive.toString(), NAME);
        assertThat(save.exitCode()).as(save.err()).isZero();

        LocalImage stored = storedImage(cli.store(), NAME);
        List<String> layerDigests = stored.manifest().layers().stream().map(d -> d.digest().toString()).toList();
        JsonNode skopeo = JSON.readTree(ok(tmp, "skopeo", "inspect", "oci-archive:" + archive).stdout());
        assertThat(skopeo.path("Digest").asText()).isEqualTo(stowage.path("Descriptor").path("digest").asText());
        assertThat(strings(skopeo.path("Layers"))).isEqualTo(layerDigests);
        assertThat(skopeoDiffIds("oci-archive:" + archive)).isEqualTo(image.diffIds());
        // skopeo finds an image by the tag in org.opencontainers.image.ref.name
        JsonNode byTag = JSON.readTree(ok(tmp, "skopeo", "inspect", "oci-archive:" + archive + ":v2").stdout());
        assertThat(byTag.path("Digest").asText()).isEqualTo(stowage.path("Descriptor").path("digest").asText());

        Path podman = tmp.resolve("podman");
        // io.containerd.image.name carries the full name, which podman uses
        assertThat(ok(tmp, Tools.podman(podman, "load", "-i", archive.toString())).stdout()).contains("Loaded image: " + NAME);
        assertThat(podmanLayers(podman, NAME)).isEqualTo(image.diffIds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"H.tar.gz", "H.tar.zst"})
    void compressedSaveIsLoadedByPodmanAndStowage(String fileName) throws Exception {
        UmociImage image = buildImage();
        Tools.require("podman");
        Cli cli = storeWithImage(image);
        Path archive = tmp.resolve(fileName);
        Cli.Run save = cli.run("save", "-o", archive.toString(), NAME);
        assertThat(save.exitCode()).as(save.err()).isZero();
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(archive)) {
            assertThat(in.readNBytes(head, 0, 4)).isEqualTo(4);
        }
        assertThat(Compression.detect(head, 4).displayName())
                .isEqualTo(fileName.endsWith(".gz") ? "gzip" : "zstd");

        // skopeo 1.9 cannot open a compressed docker-archive at all (not even one compressed by gzip(1)), so only podman here
        Path podman = tmp.resolve("podman");
        assertThat(ok(tmp, Tools.podman(podman, "load", "-i", archive.toString())).stdout()).contains("Loaded image: " + NAME);
        assertThat(podmanLayers(podman, NAME)).isEqualTo(image.diffIds());

        Cli again = new Cli(tmp.resolve("store-again"));
        Cli.Run load = again.run("load", "-i", archive.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).isEqualTo("Loaded image: " + NAME + "\n");
        assertThat(inspect(again, NAME).path("Descriptor")).isEqualTo(inspect(cli, NAME).path("Descriptor"));
    }

    @Test
    void twoImageDockerSaveIsReadBySkopeoAndPodman() throws Exception {
        UmociImage image = buildImage();
        Tools.require("podman");
        Cli cli = storeWithImage(image);
        Path archive = tmp.resolve("two.tar");
        Cli.Run save = cli.run("save", "-o", archive.toString(), "example.com/team/app:v1", NAME);
        assertThat(save.exitCode()).as(save.err()).isZero();

        // skopeo needs to be told which image of a multi-image docker-archive: by name or by index
        assertThat(strings(JSON.readTree(ok(tmp, "skopeo", "inspect", "docker-archive:" + archive + ":example.com/team/app:v1")
                .stdout()).path("Layers"))).isEqualTo(image.diffIdsV1());
        assertThat(strings(JSON.readTree(ok(tmp, "skopeo", "inspect", "docker-archive:" + archive + ":@1")
                .stdout()).path("Layers"))).isEqualTo(image.diffIds());

        Path podman = tmp.resolve("podman");
        String loaded = ok(tmp, Tools.podman(podman, "load", "-i", archive.toString())).stdout();
        assertThat(loaded).contains("Loaded image: example.com/team/app:v1", "Loaded image: " + NAME);
        assertThat(podmanLayers(podman, "example.com/team/app:v1")).isEqualTo(image.diffIdsV1());
        assertThat(podmanLayers(podman, NAME)).isEqualTo(image.diffIds());

        // the shared first layer is written once
        List<String> names = tarNames(archive);
        assertThat(names.stream().filter(n -> n.endsWith(image.diffIds().get(0).substring(7)))).hasSize(1);
    }

    @Test
    void twoImageOciSaveIsReadBySkopeo() throws Exception {
        UmociImage image = buildImage();
        Cli cli = storeWithImage(image);
        Path archive = tmp.resolve("two-oci.tar");
        Cli.Run save = cli.run("save", "--format", "oci", "-o", archive.toString(), "example.com/team/app:v1", NAME);
        assertThat(save.exitCode()).as(save.err()).isZero();

        assertThat(skopeoDiffIds("oci-archive:" + archive + ":v1")).isEqualTo(image.diffIdsV1());
        assertThat(skopeoDiffIds("oci-archive:" + archive + ":v2")).isEqualTo(image.diffIds());
        // (podman 4.3 cannot load any OCI archive holding more than one image, so it is not asked to)

        Cli again = new Cli(tmp.resolve("store-again"));
        Cli.Run load = again.run("load", "-i", archive.toString());
        assertThat(load.exitCode()).as(load.err()).isZero();
        assertThat(load.out()).isEqualTo("Loaded image: example.com/team/app:v1\nLoaded image: " + NAME + "\n");
    }

    @Test
    void untaggedSaveIsLoadedUntaggedByPodman() throws Exception {
        Tools.require("podman");
        Tools.require("skopeo");
        Cli cli = new Cli(tmp.resolve("store"));
        Path fixture = Tools.fixtures().resolve("ggcr/hello-world-v25.tar");
        assertThat(cli.run("load", "-i", fixture.toString()).exitCode()).isZero();
        String id = "sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44";
        Path archive = tmp.resolve("by-id.tar");
        Cli.Run save = cli.run("save", "-o", archive.toString(), id.substring(7, 19));
        assertThat(save.exitCode()).as(save.err()).isZero();

        assertThat(JSON.readTree(ok(tmp, "skopeo", "inspect", "docker-archive:" + archive).stdout()).path("RepoTags")).isEmpty();
        Path podman = tmp.resolve("podman");
        assertThat(ok(tmp, Tools.podman(podman, "load", "-i", archive.toString())).stdout()).contains("Loaded image: " + id);
        assertThat(podmanLayers(podman, id.substring(7))).containsExactly(
                "sha256:12660636fe55438cc3ae7424da7ac56e845cdb52493ff9cf949c47a7f57f8b43");
    }

    // ---------------------------------------------------------------- 5: go-containerregistry fixtures

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            test_image_1.tar      | Loaded image: bazel/v1/tarball:test_image_1
            test_image_2.tar      | Loaded image: bazel/v1/tarball:test_image_2
            test_bundle.tar       | Loaded image: test_image_2:latest\\nLoaded image: test_image_1:latest
            test_link.tar         | Loaded image: bazel/v1/tarball:test_image_1\\nLoaded image: bazel/v1/tarball:test_image_3
            whiteout_image.tar    | Loaded image: bazel/pkg/v1/mutate:whiteout_image
            overwritten_file.tar  | Loaded image: bazel/pkg/v1/mutate:overwritten_file
            whiteout_dir.tar      | Loaded image: localhost:5000/whiteout:latest
            hello-world-v25.tar   | Loaded image ID: sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44
            """)
    void loadsGgcrFixture(String file, String expected) throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        Cli.Run run = cli.run("load", "-i", Tools.fixtures().resolve("ggcr").resolve(file).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(expected.replace("\\n", "\n") + "\n");
        assertThat(cli.run("verify").exitCode()).isZero();
        // every layer the store holds decompresses to the diff_id its config lists
        Store store = Store.open(cli.store());
        for (LocalImage image : store.images()) {
            List<Descriptor> layers = image.manifest().layers();
            assertThat(layers).hasSameSizeAs(image.config().diffIds());
            for (int i = 0; i < layers.size(); i++) {
                try (InputStream in = Compressors.openDecompressed(store.openBlob(layers.get(i).digest()), "layer")) {
                    assertThat(Hashing.sha256(in)).isEqualTo(image.config().diffIds().get(i));
                }
            }
        }
    }

    @Test
    void ggcrSymlinkedLayerIsLoadedOnce() throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("load", "-i", Tools.fixtures().resolve("ggcr/test_link.tar").toString()).exitCode()).isZero();
        LocalImage one = storedImage(cli.store(), "bazel/v1/tarball:test_image_1");
        LocalImage three = storedImage(cli.store(), "bazel/v1/tarball:test_image_3");
        assertThat(three.manifest().layers()).hasSize(2);
        // test_image_3's first layer.tar is a symlink to test_image_1's
        assertThat(three.manifest().layers().get(0).digest()).isEqualTo(one.manifest().layers().get(0).digest());
    }

    @Test
    void ggcrWhiteoutDirHasGzipLayersAndColonNamedConfig() throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("load", "-i", Tools.fixtures().resolve("ggcr/whiteout_dir.tar").toString()).exitCode()).isZero();
        LocalImage image = storedImage(cli.store(), "localhost:5000/whiteout:latest");
        assertThat(image.id().toString()).isEqualTo("sha256:92f1e3d53acdc7e137e73869abc4e87aba6614440a31723423790ca0d5db9111");
        assertThat(image.manifest().layers()).hasSize(4);
        assertThat(image.manifest().layers()).extracting(Descriptor::mediaType).allMatch(t -> t.endsWith("gzip"));
        // the blobs are kept as they were (gzip), not recompressed
        assertThat(image.manifest().layers().get(0).digest().hex())
                .isEqualTo("e351ee8e5cab41e244c9a219e949dcc90cfa157f0a216157e3406eeef976a953");
        boolean whiteout = false;
        for (Descriptor layer : image.manifest().layers()) {
            whiteout |= StoredLayers.entries(cli.store(), layer.digest()).keySet().stream().anyMatch(n -> n.contains(".wh."));
        }
        assertThat(whiteout).as("a .wh. entry in some layer").isTrue();
    }

    @Test
    void ggcrWhiteoutImageKeepsItsWhiteouts() throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("load", "-i", Tools.fixtures().resolve("ggcr/whiteout_image.tar").toString()).exitCode()).isZero();
        LocalImage image = storedImage(cli.store(), "bazel/pkg/v1/mutate:whiteout_image");
        assertThat(image.manifest().layers()).hasSize(3);
        List<String> all = new ArrayList<>();
        for (Descriptor layer : image.manifest().layers()) all.addAll(StoredLayers.entries(cli.store(), layer.digest()).keySet());
        assertThat(all).anyMatch(n -> baseName(n).startsWith(".wh."));
    }

    @Test
    void ggcrDockerV25UntaggedIsListedDangling() throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("load", "-i", Tools.fixtures().resolve("ggcr/hello-world-v25.tar").toString()).exitCode()).isZero();
        JsonNode images = JSON.readTree(cli.run("images", "--format", "json").out());
        assertThat(images).hasSize(1);
        assertThat(images.get(0).path("Dangling").asBoolean()).isTrue();
        assertThat(images.get(0).path("Id").asText()).isEqualTo("sha256:ee301c921b8aadc002973b2e0c3da17d701dcd994b606769a7e6eaa100b81d44");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no_manifest.tar   | archive has neither manifest.json nor index.json
            null_manifest.tar | manifest.json is null
            content.tar       | archive has neither manifest.json nor index.json
            content.tar.zst   | archive has neither manifest.json nor index.json
            """)
    void rejectsBrokenGgcrFixture(String file, String message) throws Exception {
        Cli cli = new Cli(tmp.resolve("store"));
        assertThat(cli.run("images").exitCode()).isZero();
        StoreSnapshot before = StoreSnapshot.of(cli.store());
        Cli.Run run = cli.run("load", "-i", Tools.fixtures().resolve("ggcr").resolve(file).toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Error: ").contains(message).endsWith("\n");
        assertThat(run.err().lines()).hasSize(1);
        assertThat(StoreSnapshot.of(cli.store())).isEqualTo(before);
    }

    // ---------------------------------------------------------------- whole-archive compression

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gzip,gz", "bzip2,bz2", "xz,xz", "zstd,zst"})
    void loadsCompressedSkopeoArchive(String tool, String suffix) throws Exception {
        UmociImage image = buildImage();
        Tools.require(tool);
        Path archive = skopeoDockerArchive(image, "v2", NAME);
        // -k keeps the input, -f overwrites; zstd also wants -q to stay quiet
        List<String> cmd = new ArrayList<>(List.of(tool, "-k", "-f"));
        if (tool.equals("zstd")) cmd.add("-q");
        cmd.add(archive.toString());
        ok(tmp, cmd);
        Path compressed = Path.of(archive + "." + suffix);
        assertThat(compressed).exists();

        Cli cli = new Cli(tmp.resolve("store"));
        Cli.Run run = cli.run("load", "-i", compressed.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Loaded image: " + NAME + "\n");
        assertThat(strings(inspect(cli, NAME).path("RootFS").path("Layers"))).isEqualTo(image.diffIds());

        // and from standard input
        Cli piped = new Cli(tmp.resolve("store-stdin"));
        try (InputStream in = Files.newInputStream(compressed)) {
            Cli.Run stdin = piped.runWithInput(in, "load");
            assertThat(stdin.exitCode()).as(stdin.err()).isZero();
            assertThat(stdin.out()).isEqualTo("Loaded image: " + NAME + "\n");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Checks the layers of the umoci image as stored: layer 1 has the files and the symlink, layer 2 a whiteout. */
    private static void assertLayerContents(Path store, String name, UmociImage image) throws IOException {
        LocalImage stored = storedImage(store, name);
        List<Descriptor> layers = stored.manifest().layers();
        assertThat(layers).hasSize(2);
        for (int i = 0; i < 2; i++) {
            try (InputStream in = Compressors.openDecompressed(Store.open(store).openBlob(layers.get(i).digest()), "layer")) {
                assertThat(Hashing.sha256(in).toString()).isEqualTo(image.diffIds().get(i));
            }
        }
        Map<String, StoredLayers.Entry> first = StoredLayers.entries(store, layers.get(0).digest());
        assertThat(first).containsKeys("etc/app/greeting.txt", "etc/app/obsolete.conf", "usr/share/doc/app/README", "etc/greeting-link");
        assertThat(first.get("etc/app/greeting.txt").content()).isEqualTo(GREETING);
        assertThat(first.get("etc/greeting-link").symlinkTarget()).isEqualTo("app/greeting.txt");
        assertThat(first.keySet()).noneMatch(n -> baseName(n).startsWith(".wh."));

        Map<String, StoredLayers.Entry> second = StoredLayers.entries(store, layers.get(1).digest());
        assertThat(second).containsKey("etc/app/.wh.obsolete.conf");
        assertThat(second.get("etc/app/greeting.txt").content()).isEqualTo(GREETING_V2);
        assertThat(second).doesNotContainKey("etc/app/obsolete.conf");
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static LocalImage storedImage(Path store, String name) throws IOException {
        Reference ref = Reference.parse(name);
        Optional<LocalImage> found = Store.open(store).images().stream().filter(i -> i.names().contains(ref)).findFirst();
        assertThat(found).as("image " + name + " in the store").isPresent();
        return found.get();
    }

    private static JsonNode inspect(Cli cli, String image) throws IOException {
        Cli.Run run = cli.run("inspect", image);
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode array = JSON.readTree(run.out());
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private static void assertListed(Cli cli, String repository, String tag) throws IOException {
        Cli.Run run = cli.run("images", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> rows = new ArrayList<>();
        JSON.readTree(run.out()).forEach(r -> rows.add(r.path("Repository").asText() + ":" + r.path("Tag").asText()));
        assertThat(rows).contains(repository + ":" + tag);
    }

    private static String skopeoConfigDigest(String ref) throws Exception {
        JsonNode raw = JSON.readTree(ok(null, "skopeo", "inspect", "--raw", ref).stdout());
        return raw.path("config").path("digest").asText();
    }

    private static List<String> podmanLayers(Path podman, String image) throws Exception {
        JsonNode inspect = JSON.readTree(ok(null, Tools.podman(podman, "image", "inspect", image)).stdout());
        return strings(inspect.get(0).path("RootFS").path("Layers"));
    }

    private static String podmanId(Path podman, String image) throws Exception {
        JsonNode inspect = JSON.readTree(ok(null, Tools.podman(podman, "image", "inspect", image)).stdout());
        return "sha256:" + inspect.get(0).path("Id").asText();
    }

    private static List<String> tarNames(Path archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) names.add(e.getName());
        }
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Tools.Result ok(Path dir, String... command) throws Exception {
        return Tools.run(dir, command).assertOk();
    }

    private static Tools.Result ok(Path dir, List<String> command) throws Exception {
        return Tools.run(dir, command).assertOk();
    }
}
