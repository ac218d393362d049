package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.StoredLayers;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.Tools;
import dev.stowage.util.Compressors;
import dev.stowage.util.Hashing;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registry interop with the real tools: images built by umoci and pushed by skopeo (one image, and a
 * two-platform index) pulled by stowage; an image pushed by stowage pulled by skopeo and podman; pulls by digest.
 * Every test starts its own docker-registry and uses private stores (and a private podman storage).
 */
class RegistryInteropTest {
    private static final String GREETING = "hello stowage\n";
    private static final String GREETING_V2 = "changed in v2\n";

    @TempDir
    Path dir;
    Map<String, String> env;

    @BeforeEach
    void setUp() {
        env = Cli.isolatedEnv(dir);
    }

    // ---------------------------------------------------------------- 1: skopeo pushes, stowage pulls

    @Test
    void pullsWhatSkopeoPushedFromAUmociImage() throws Exception {
        Path layout = buildTwoLayerImage();
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String ref = registry.host() + "/ns/app:1";
            tool("skopeo", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":v2", "docker://" + ref);
            List<String> diffIds = skopeoDiffIds(ref);
            assertThat(diffIds).hasSize(2);
            JsonNode raw = skopeoRaw(ref);
            assertThat(raw.path("layers")).allSatisfy(l -> assertThat(l.path("mediaType").asText()).endsWith("gzip"));

            Cli b = cli("b");
            Cli.Run pull = ok(b, "pull", ref);
            assertThat(pull.out()).startsWith("1: Pulling from ns/app\n")
                    .contains("Digest: " + Digest.sha256(skopeoRawBytes(ref)), "Status: Downloaded newer image for " + ref);
            assertThat(pull.out().lines().filter(l -> l.endsWith(": Pull complete"))).hasSize(2);
            assertThat(ok(b, "verify").out()).startsWith("OK:");
            JsonNode inspect = inspect(b, ref);
            assertThat(strings(inspect.path("RootFS").path("Layers"))).isEqualTo(diffIds);
            assertThat(inspect.path("Id").asText()).isEqualTo(raw.path("config").path("digest").asText());

            // the layer blobs as stored: gzip as pushed, holding umoci's files
            List<Descriptor> layers = storedImage(b.store(), ref).manifest().layers();
            assertThat(layers).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat(layers.get(i).digest().toString()).isEqualTo(raw.path("layers").get(i).path("digest").asText());
                try (InputStream in = Compressors.openDecompressed(Store.open(b.store()).openBlob(layers.get(i).digest()), "layer")) {
                    assertThat(Hashing.sha256(in).toString()).isEqualTo(diffIds.get(i));
                }
            }
            Map<String, StoredLayers.Entry> first = StoredLayers.entries(b.store(), layers.get(0).digest());
            assertThat(first).containsKeys("etc/app/greeting.txt", "etc/app/obsolete.conf", "usr/share/doc/app/README", "etc/greeting-link");
            assertThat(first.get("etc/app/greeting.txt").content()).isEqualTo(GREETING);
            assertThat(first.get("usr/share/doc/app/README").content()).isEqualTo("readme\n");
            assertThat(first.get("etc/greeting-link").symlinkTarget()).isEqualTo("app/greeting.txt");
            Map<String, StoredLayers.Entry> second = StoredLayers.entries(b.store(), layers.get(1).digest());
            assertThat(second.get("etc/app/greeting.txt").content()).isEqualTo(GREETING_V2);
            assertThat(second).containsKey("etc/app/.wh.obsolete.conf").doesNotContainKey("etc/app/obsolete.conf");

            assertThat(ok(b, "pull", ref).out()).contains("Status: Image is up to date for " + ref);
        }
    }

    // ---------------------------------------------------------------- 2: a two-platform index

    @Test
    void pullsOnePlatformOrTheWholeIndexOfAMultiPlatformImage() throws Exception {
        Path layout = buildTwoPlatformLayout();
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String ref = registry.host() + "/ns/multi:1";
            tool("skopeo", "copy", "--quiet", "--all", "--dest-tls-verify=false", "oci:" + layout + ":multi", "docker://" + ref);
            byte[] rawIndex = skopeoRawBytes(ref);
            JsonNode index = Json.parseAny(rawIndex, "index");
            assertThat(index.path("mediaType").asText()).isEqualTo(MediaTypes.OCI_INDEX);
            assertThat(index.path("manifests")).hasSize(2);
            Digest indexDigest = Digest.sha256(rawIndex);
            Map<String, String> manifestByArch = new LinkedHashMap<>();
            index.path("manifests").forEach(m -> manifestByArch.put(m.path("platform").path("architecture").asText(),
                    m.path("digest").asText()));
            assertThat(manifestByArch).containsOnlyKeys("amd64", "arm64");

            // this machine's platform
            String here = Platform.current().architecture();
            assertThat(here).as("this test expects an amd64 or arm64 machine").isIn("amd64", "arm64");
            Cli a = cli("a");
            Cli.Run pull = ok(a, "pull", ref);
            // like docker, the digest printed is what the tag resolves to: the index
            assertThat(pull.out()).contains("Digest: " + indexDigest);
            JsonNode native_ = inspect(a, ref);
            assertThat(native_.path("Architecture").asText()).isEqualTo(here);
            assertThat(native_.path("Os").asText()).isEqualTo("linux");
            assertThat(native_.path("Descriptor").path("digest").asText()).isEqualTo(manifestByArch.get(here));
            // RepoDigests, like docker's, name what the tag resolved to in the registry: the index
            assertThat(strings(native_.path("RepoDigests"))).containsExactly(registry.host() + "/ns/multi@" + indexDigest);
            assertThat(layerFile(a.store(), ref, "etc/arch")).isEqualTo(here + "\n");
            assertThat(ok(a, "verify").out()).startsWith("OK:");

            // another platform on request
            Cli b = cli("b");
            ok(b, "pull", "--platform", "linux/arm64", ref);
            JsonNode arm = inspect(b, ref);
            assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
            assertThat(arm.path("Descriptor").path("digest").asText()).isEqualTo(manifestByArch.get("arm64"));
            assertThat(layerFile(b.store(), ref, "etc/arch")).isEqualTo("arm64\n");
            ok(b, "pull", "--platform", "linux/amd64", ref);
            assertThat(inspect(b, ref).path("Architecture").asText()).isEqualTo("amd64");

            // the whole index, with every child
            Cli c = cli("c");
            Cli.Run all = ok(c, "pull", "--all-platforms", ref);
            assertThat(all.out()).contains("Digest: " + indexDigest);
            JsonNode listed = json(c, "images", "--format", "json");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("Digest").asText()).isEqualTo(indexDigest.toString());
            assertThat(listed.get(0).path("Tag").asText()).isEqualTo("1");
            assertThat(ok(c, "verify").out()).startsWith("OK:");
            Store store = Store.open(c.store());
            assertThat(store.readBlob(indexDigest, Store.MAX_MANIFEST_SIZE, "index")).isEqualTo(rawIndex);
            for (JsonNode child : index.path("manifests")) {
                Digest digest = Digest.parse(child.path("digest").asText());
                assertThat(store.hasBlob(digest)).as("manifest " + digest).isTrue();
                Manifest m = store.readManifest(new Descriptor(child.path("mediaType").asText(), digest, child.path("size").asLong()));
                assertThat(store.hasBlob(m.config().digest())).as("config of " + digest).isTrue();
                m.layers().forEach(l -> assertThat(store.hasBlob(l.digest())).as("layer " + l.digest()).isTrue());
            }
            // the image shown for the index is this machine's
            assertThat(inspect(c, ref).path("Architecture").asText()).isEqualTo(here);

            // pushed back whole: the same index, every platform readable by skopeo
            String copy = registry.host() + "/ns/multi-copy:2";
            ok(c, "tag", ref, copy);
            Cli.Run pushed = ok(c, "push", copy);
            assertThat(pushed.out()).contains("2: digest: " + indexDigest);
            Tools.Result raw = Tools.run(dir, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + copy).assertOk();
            assertThat(Digest.sha256(raw.stdout().getBytes(StandardCharsets.UTF_8))).isEqualTo(indexDigest);
            Tools.run(dir, "skopeo", "copy", "--all", "--src-tls-verify=false", "docker://" + copy,
                    "oci:" + dir.resolve("copied") + ":x").assertOk();

            // a platform the index does not have: one line, nothing stored
            Cli d = cli("d");
            ok(d, "images");
            StoreSnapshot before = StoreSnapshot.of(d.store());
            Cli.Run missing = d.run("pull", "--platform", "linux/s390x", ref);
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).startsWith("Error: ").endsWith("\n").contains("linux/s390x")
                    .contains("linux/amd64").contains("linux/arm64");
            assertThat(missing.err().lines()).hasSize(1);
            assertThat(StoreSnapshot.of(d.store())).isEqualTo(before);

            // pulled by the index digest: this machine's image, found again by that reference
            Cli e = cli("e");
            String byDigest = registry.host() + "/ns/multi@" + indexDigest;
            ok(e, "pull", byDigest);
            JsonNode pinned = inspect(e, byDigest);
            assertThat(pinned.path("Architecture").asText()).isEqualTo(here);
            assertThat(strings(pinned.path("RepoDigests"))).containsExactly(byDigest);
            assertThat(pinned.path("Descriptor").path("digest").asText()).isEqualTo(manifestByArch.get(here));
            assertThat(ok(e, "pull", byDigest).out()).contains("Status: Image is up to date for " + byDigest);
            assertThat(ok(e, "verify").out()).startsWith("OK:");
        }
    }

    // ---------------------------------------------------------------- 3: stowage pushes, skopeo and podman pull

    @Test
    void skopeoAndPodmanPullWhatStowagePushed() throws Exception {
        Tools.require("skopeo");
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            Cli a = cli("a");
            ok(a, "load", "-i", Tools.fixtures().resolve("ggcr/whiteout_image.tar").toString());
            String ref = registry.host() + "/ns/pushed:1";
            ok(a, "tag", "bazel/pkg/v1/mutate:whiteout_image", ref);
            List<String> diffIds = strings(inspect(a, ref).path("RootFS").path("Layers"));
            assertThat(storedImage(a.store(), ref).manifest().layers())
                    .allSatisfy(l -> assertThat(l.mediaType()).doesNotContain("gzip"));

            Cli.Run push = ok(a, "push", ref);
            assertThat(push.out()).contains("Compressing");
            List<String> lines = push.out().lines().toList();
            assertThat(lines.stream().filter(l -> l.endsWith(": Pushed"))).hasSize(diffIds.size());
            String digest = lines.get(lines.size() - 1).split(" ")[2];

            byte[] rawBytes = skopeoRawBytes(ref);
            assertThat(Digest.sha256(rawBytes).toString()).isEqualTo(digest);
            JsonNode raw = Json.parseAny(rawBytes, "manifest");
            assertThat(raw.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
            assertThat(raw.path("config").path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_CONFIG);
            assertThat(raw.path("layers")).hasSize(diffIds.size())
                    .allSatisfy(l -> assertThat(l.path("mediaType").asText()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP));
            assertThat(skopeoDiffIds(ref)).isEqualTo(diffIds);
            Path oci = dir.resolve("oci");
            tool("skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + ref, "oci:" + oci + ":copied");
            assertThat(strings(Json.parseAny(tool("skopeo", "inspect", "--config", "oci:" + oci + ":copied").stdout().getBytes(),
                    "config").path("rootfs").path("diff_ids"))).isEqualTo(diffIds);

            Tools.require("podman");
            Path podman = dir.resolve("podman");
            tool(Tools.podman(podman, "pull", "--quiet", "--tls-verify=false", ref));
            JsonNode podmanInspect = Json.parseAny(tool(Tools.podman(podman, "image", "inspect", ref)).stdout().getBytes(), "podman");
            assertThat(strings(podmanInspect.get(0).path("RootFS").path("Layers"))).isEqualTo(diffIds);
            assertThat("sha256:" + podmanInspect.get(0).path("Id").asText()).isEqualTo(inspect(a, ref).path("Id").asText());

            Cli.Run again = ok(a, "push", ref);
            assertThat(again.out().lines().filter(l -> l.endsWith(": Layer already exists"))).hasSize(diffIds.size());
            assertThat(again.out()).doesNotContain("Compressing").doesNotContain("Pushed");
            assertThat(again.out()).endsWith("1: digest: " + digest + " size: " + rawBytes.length + "\n");
        }
    }

    /**
     * A layer of several MiB is pushed as several gzip members (one per 1 MiB block, compressed by ISA-L when
     * present): podman (Go's gzip reader) and skopeo read it whole and get the same diffID, and stowage pulls it back.
     */
    @Test
    void skopeoAndPodmanReadTheMultiMemberGzipStowagePushes() throws Exception {
        Tools.require("skopeo");
        Tools.require("podman");
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            Cli a = cli("a");
            byte[] layer = bigLayer();
            String ref = registry.host() + "/ns/big:1";
            dev.stowage.container.TestImages.load(a, dir, ref, true, layer);
            Digest diffId = Digest.sha256(layer);
            ok(a, "push", ref);

            // what went out: one gzip member per MiB of the layer
            JsonNode raw = skopeoRaw(ref);
            Digest pushed = Digest.parse(raw.path("layers").get(0).path("digest").asText());
            byte[] blob = Files.readAllBytes(Store.open(a.store()).blobPath(pushed));
            assertThat(gzipMembers(blob)).isEqualTo((layer.length + (1 << 20) - 1) / (1 << 20));

            assertThat(skopeoDiffIds(ref)).containsExactly(diffId.toString());
            // skopeo's docker-archive destination stores layers uncompressed: it gunzips every member
            Path archive = dir.resolve("copied.tar");
            tool("skopeo", "copy", "--quiet", "--src-tls-verify=false", "docker://" + ref, "docker-archive:" + archive + ":" + "copy/big:1");
            Cli b = cli("b");
            ok(b, "load", "-i", archive.toString());
            assertThat(strings(inspect(b, "copy/big:1").path("RootFS").path("Layers"))).containsExactly(diffId.toString());
            assertThat(ok(b, "verify").out()).startsWith("OK:");

            Path podman = dir.resolve("podman");
            tool(Tools.podman(podman, "pull", "--quiet", "--tls-verify=false", ref));
            JsonNode podmanInspect = Json.parseAny(tool(Tools.podman(podman, "image", "inspect", ref)).stdout().getBytes(), "podman");
            assertThat(strings(podmanInspect.get(0).path("RootFS").path("Layers"))).containsExactly(diffId.toString());

            Cli c = cli("c");
            assertThat(ok(c, "pull", ref).out()).contains("Pull complete");
            assertThat(ok(c, "verify").out()).startsWith("OK:");
        }
    }

    /** A tar of ~5.5 MiB: text, random bytes and zeros, so members compress differently. */
    private static byte[] bigLayer() throws IOException {
        java.util.Random rnd = new java.util.Random(42);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            String[] names = {"usr/share/doc/words.txt", "opt/data/random.bin", "var/empty.img"};
            for (int f = 0; f < names.length; f++) {
                byte[] content = new byte[f == 1 ? 2 * (1 << 20) + 12345 : 1700 * 1024];
                if (f == 0) {
                    for (int i = 0; i < content.length; i++) content[i] = (byte) ("the quick brown fox " .charAt(i % 20) + (i / 4096) % 3);
                } else if (f == 1) {
                    rnd.nextBytes(content);
                }
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(names[f]);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The number of gzip members, each decoded with the JDK's raw inflater. */
    private static int gzipMembers(byte[] gz) throws Exception {
        int count = 0;
        int pos = 0;
        while (pos < gz.length) {
            assertThat(gz[pos] & 0xff).isEqualTo(0x1f);
            assertThat(gz[pos + 1] & 0xff).isEqualTo(0x8b);
            java.util.zip.Inflater inf = new java.util.zip.Inflater(true);
            try {
                inf.setInput(gz, pos + 10, gz.length - pos - 10);
                byte[] sink = new byte[1 << 16];
                while (!inf.finished()) {
                    if (inf.inflate(sink) == 0 && inf.needsInput()) throw new java.io.EOFException();
                }
                pos = gz.length - inf.getRemaining() + 8;
                count++;
            } finally {
                inf.end();
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- 4: pull by digest

    @Test
    void pullByDigestIsListedUntaggedAndFoundByItsDigestReference() throws Exception {
        Path layout = buildTwoLayerImage();
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String tagged = registry.host() + "/ns/app:1";
            tool("skopeo", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":v2", "docker://" + tagged);
            Digest digest = Digest.sha256(skopeoRawBytes(tagged));
            String ref = registry.host() + "/ns/app@" + digest;

            Cli b = cli("b");
            Cli.Run pull = ok(b, "pull", ref);
            assertThat(pull.out()).startsWith(digest + ": Pulling from ns/app\n").contains("Digest: " + digest);
            assertThat(pull.out().lines().reduce((x, y) -> y).orElseThrow()).isEqualTo(ref);
            assertThat(ok(b, "verify").out()).startsWith("OK:");

            JsonNode listed = json(b, "images", "--format", "json");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("Repository").asText()).isEqualTo(registry.host() + "/ns/app");
            assertThat(listed.get(0).path("Tag").asText()).isEqualTo("<none>");
            assertThat(listed.get(0).path("Digest").asText()).isEqualTo(digest.toString());
            assertThat(listed.get(0).path("Dangling").asBoolean()).isFalse();
            assertThat(ok(b, "images").out()).contains(registry.host() + "/ns/app").contains("<none>");

            JsonNode inspect = inspect(b, ref);
            assertThat(strings(inspect.path("RepoTags"))).isEmpty();
            assertThat(strings(inspect.path("RepoDigests"))).containsExactly(ref);
            assertThat(strings(inspect.path("RootFS").path("Layers"))).isEqualTo(skopeoDiffIds(tagged));
            assertThat(ok(b, "pull", ref).out()).contains("Status: Image is up to date for " + ref);

            // the tag pulled next to it names the same image; the digest reference still resolves
            ok(b, "pull", tagged);
            assertThat(inspect(b, tagged).path("Id")).isEqualTo(inspect.path("Id"));
            assertThat(json(b, "images", "--format", "json")).hasSize(2);
            assertThat(inspect(b, ref).path("Id")).isEqualTo(inspect.path("Id"));
        }
    }

    // ---------------------------------------------------------------- image building

    /** umoci's two-layer image (as in the archive interop tests): layer 1 adds files and a symlink, layer 2 changes one and deletes another. */
    private Path buildTwoLayerImage() throws Exception {
        Tools.require("umoci");
        Tools.require("skopeo");
        Path layout = dir.resolve("layout");
        Path bundle = dir.resolve("bundle");
        tool("umoci", "init", "--layout", layout.toString());
        tool("umoci", "new", "--image", layout + ":base");
        tool("umoci", "unpack", "--rootless", "--image", layout + ":base", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("etc/app"));
        Files.createDirectories(rootfs.resolve("usr/share/doc/app"));
        Files.writeString(rootfs.resolve("etc/app/greeting.txt"), GREETING);
        Files.writeString(rootfs.resolve("etc/app/obsolete.conf"), "to be deleted in v2\n");
        Files.writeString(rootfs.resolve("usr/share/doc/app/README"), "readme\n");
        Files.createSymbolicLink(rootfs.resolve("etc/greeting-link"), Path.of("app/greeting.txt"));
        tool("umoci", "repack", "--refresh-bundle", "--image", layout + ":v1", bundle.toString());
        Files.writeString(rootfs.resolve("etc/app/greeting.txt"), GREETING_V2);
        Files.delete(rootfs.resolve("etc/app/obsolete.conf"));
        tool("umoci", "repack", "--image", layout + ":v2", bundle.toString());
        tool("umoci", "config", "--image", layout + ":v2", "--config.cmd", "/bin/app");
        return layout;
    }

    /**
     * An OCI layout whose tag {@code multi} is an image index of two umoci images, linux/amd64 and linux/arm64/v8,
     * each with a file {@code etc/arch} naming its architecture.
     */
    private Path buildTwoPlatformLayout() throws Exception {
        Tools.require("umoci");
        Tools.require("skopeo");
        Path layout = dir.resolve("multi-layout");
        tool("umoci", "init", "--layout", layout.toString());
        for (String arch : List.of("amd64", "arm64")) {
            Path bundle = dir.resolve("bundle-" + arch);
            tool("umoci", "new", "--image", layout + ":" + arch);
            tool("umoci", "unpack", "--rootless", "--image", layout + ":" + arch, bundle.toString());
            Files.createDirectories(bundle.resolve("rootfs/etc"));
            Files.writeString(bundle.resolve("rootfs/etc/arch"), arch + "\n");
            tool("umoci", "repack", "--image", layout + ":" + arch, bundle.toString());
            tool("umoci", "config", "--image", layout + ":" + arch, "--os", "linux", "--architecture", arch);
        }
        ObjectNode layoutIndex = Json.parseObject(Files.readAllBytes(layout.resolve("index.json")), "index.json");
        ObjectNode imageIndex = Json.object();
        imageIndex.put("schemaVersion", 2);
        imageIndex.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode children = imageIndex.putArray("manifests");
        for (String arch : List.of("amd64", "arm64")) {
            JsonNode entry = null;
            for (JsonNode m : layoutIndex.path("manifests")) {
                if (arch.equals(m.path("annotations").path("org.opencontainers.image.ref.name").asText())) entry = m;
            }
            assertThat(entry).as("layout entry " + arch).isNotNull();
            ObjectNode child = children.addObject();
            child.put("mediaType", entry.path("mediaType").asText());
            child.put("digest", entry.path("digest").asText());
            child.put("size", entry.path("size").asLong());
            ObjectNode platform = child.putObject("platform");
            platform.put("architecture", arch);
            platform.put("os", "linux");
            if (arch.equals("arm64")) platform.put("variant", "v8");
        }
        byte[] bytes = Json.bytes(imageIndex);
        Digest digest = Digest.sha256(bytes);
        Files.write(layout.resolve("blobs/sha256").resolve(digest.hex()), bytes);
        ObjectNode entry = ((ArrayNode) layoutIndex.withArray("manifests")).addObject();
        entry.put("mediaType", MediaTypes.OCI_INDEX);
        entry.put("digest", digest.toString());
        entry.put("size", bytes.length);
        entry.putObject("annotations").put("org.opencontainers.image.ref.name", "multi");
        Files.write(layout.resolve("index.json"), Json.bytes(layoutIndex));
        // both images really are of their platform
        for (String arch : List.of("amd64", "arm64")) {
            JsonNode config = Json.parseAny(tool("skopeo", "inspect", "--config", "oci:" + layout + ":" + arch).stdout().getBytes(), "config");
            assertThat(config.path("architecture").asText()).isEqualTo(arch);
        }
        return layout;
    }

    // ---------------------------------------------------------------- helpers

    private Cli cli(String store) {
        return new Cli(dir.resolve(store), env);
    }

    private static Cli.Run ok(Cli cli, String... args) {
        return cli.ok(args);
    }

    private static JsonNode json(Cli cli, String... args) {
        return Json.parseAny(ok(cli, args).out().getBytes(StandardCharsets.UTF_8), "output");
    }

    private static JsonNode inspect(Cli cli, String image) {
        JsonNode array = json(cli, "inspect", image);
        assertThat(array).hasSize(1);
        return array.get(0);
    }

    private Tools.Result tool(String... command) throws Exception {
        return Tools.run(dir, command).assertOk();
    }

    private Tools.Result tool(List<String> command) throws Exception {
        return Tools.run(dir, command).assertOk();
    }

    private byte[] skopeoRawBytes(String ref) throws Exception {
        // --raw prints the manifest exactly as the registry serves it
        return tool("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref).stdout().getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode skopeoRaw(String ref) throws Exception {
        return Json.parseAny(skopeoRawBytes(ref), "manifest");
    }

    private List<String> skopeoDiffIds(String ref) throws Exception {
        JsonNode config = Json.parseAny(tool("skopeo", "inspect", "--config", "--tls-verify=false", "docker://" + ref)
                .stdout().getBytes(StandardCharsets.UTF_8), "config");
        return strings(config.path("rootfs").path("diff_ids"));
    }

    private static LocalImage storedImage(Path store, String name) throws IOException {
        Reference ref = Reference.parse(name);
        Optional<LocalImage> found = Store.open(store).images().stream().filter(i -> i.names().contains(ref)).findFirst();
        assertThat(found).as("image " + name + " in the store").isPresent();
        return found.get();
    }

    /** The content of a file in the image's only layer. */
    private static String layerFile(Path store, String name, String path) throws IOException {
        List<Descriptor> layers = storedImage(store, name).manifest().layers();
        assertThat(layers).hasSize(1);
        StoredLayers.Entry e = StoredLayers.entries(store, layers.get(0).digest()).get(path);
        assertThat(e).as(path + " in " + name).isNotNull();
        return e.content();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
