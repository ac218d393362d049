package dev.stowage.archive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.MediaTypes;
import dev.stowage.testing.Cli;
import dev.stowage.testing.StoreSnapshot;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Damaged and hostile archives, each built here with commons-compress. Every one must be refused by
 * {@code stowage load} with exit code 1 and a single {@code Error: } line naming the problem, and must leave the
 * store (already holding one good image) exactly as it was: no new tags, no stray blobs, no staging leftovers.
 */
class HostileArchiveTest {
    private static final String GOOD_TAG = "good/base:1";
    private static final String APP_TAG = "hostile/app:1";

    @TempDir
    Path tmp;

    private Path store;
    private Cli cli;
    private StoreSnapshot before;

    @BeforeEach
    void storeWithOneGoodImage() throws IOException {
        store = tmp.resolve("store");
        cli = new Cli(store);
        DockerArchive good = new DockerArchive().tag(GOOD_TAG).layers(layerTar("base.txt", bytes("the base image\n")));
        Cli.Run r = cli.run("load", "-i", good.write(tmp.resolve("good.tar")).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Loaded image: " + GOOD_TAG + "\n");
        before = StoreSnapshot.of(store);
        assertThat(before.files()).containsKey("index.json");
    }

    // ------------------------------------------------------------------ positive controls

    @Test
    void undamagedDockerArchiveFromTheSameBuilderLoads() throws IOException {
        Cli.Run r = cli.run("load", "-i", new DockerArchive().write(tmp.resolve("app.tar")).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("Loaded image: " + APP_TAG + "\n");
        assertThat(cli.run("images").out()).contains("hostile/app", "good/base");
        assertThat(StoreSnapshot.of(store)).isNotEqualTo(before);
        assertNoStagingLeftovers();
    }

    @Test
    void undamagedGzipDockerArchiveLoads() throws IOException {
        Path file = tmp.resolve("app.tar.gz");
        Files.write(file, gzip(new DockerArchive().tar()));
        Cli.Run r = cli.run("load", "-i", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Loaded image: " + APP_TAG + "\n");
    }

    @Test
    void undamagedOciArchiveFromTheSameBuilderLoads() throws IOException {
        Cli.Run r = cli.run("load", "-i", new OciArchive().write(tmp.resolve("oci.tar")).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("Loaded image: hostile/oci:1\n");
        assertNoStagingLeftovers();
    }

    // ------------------------------------------------------------------ damaged streams

    @Test
    void truncatedTarCutInTheMiddleOfALayer() throws IOException {
        DockerArchive archive = new DockerArchive();
        byte[] tar = archive.tar();
        int layerStart = indexOf(tar, archive.layers.get(0));
        assertThat(layerStart).isPositive();
        byte[] cut = Arrays.copyOf(tar, layerStart + archive.layers.get(0).length / 2);
        assertRejected(file("truncated.tar", cut), "archive is damaged or not a tar archive", "truncated");
    }

    @Test
    void truncatedGzipCompressedArchive() throws IOException {
        byte[] gz = gzip(new DockerArchive().tar());
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        assertRejected(file("truncated.tar.gz", cut), "archive is damaged or not a tar archive: unexpected end of data");
    }

    @Test
    void emptyFile() throws IOException {
        assertRejected(file("empty.tar", new byte[0]), "archive is empty or not a tar archive");
    }

    @Test
    void randomBytesThatAreNotATar() throws IOException {
        byte[] noise = new byte[10_000];
        new Random(7).nextBytes(noise);
        noise[0] = 'x'; // not accidentally a compression magic number
        assertRejected(file("noise.tar", noise), "archive is damaged or not a tar archive");
    }

    @Test
    void gzipBomb() throws IOException {
        // A tar header for one 256 MiB entry of zeros, gzip-compressed: ~1028:1 (deflate cannot do better than
        // ~1032:1), well over the 64 MiB floor, ~260 KiB on disk. The guard trips after ~120 MiB.
        Path bomb = tmp.resolve("bomb.tar.gz");
        long size = 256L << 20;
        TarArchiveEntry entry = new TarArchiveEntry("zeros.bin");
        entry.setSize(size);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) tar.write(zeros);
            tar.closeArchiveEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1L << 20);
        assertThat(size).isGreaterThan(1000 * Files.size(bomb));
        assertRejected(bomb, "archive expands more than 1000 times its compressed size (a compression bomb?)");
    }

    // ------------------------------------------------------------------ docker-archive contents

    @Test
    void layerContentDiffersFromTheConfigsDiffId() throws IOException {
        DockerArchive archive = new DockerArchive()
                .diffIds(List.of(Digest.sha256(layerTar("app.txt", bytes("something else\n")))));
        assertRejected(archive.write(tmp.resolve("a.tar")), "has diffID", "but the config expects");
    }

    @Test
    void missingLayerFile() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.omit(archive.layerNames().get(0));
        assertRejected(archive.write(tmp.resolve("a.tar")),
                "refers to '" + archive.layerNames().get(0) + "', which is not in the archive");
    }

    @Test
    void missingConfig() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.omit(archive.configName());
        assertRejected(archive.write(tmp.resolve("a.tar")),
                "refers to '" + archive.configName() + "', which is not in the archive");
    }

    @Test
    void dotDotPathInManifestLayers() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.layerPaths(List.of("../" + archive.layerNames().get(0)));
        assertRejected(archive.write(tmp.resolve("a.tar")), "which is outside the archive");
    }

    @Test
    void absolutePathInManifestConfig() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.configPath("/" + archive.configName());
        assertRejected(archive.write(tmp.resolve("a.tar")), "refers to '/" + archive.configName() + "', which is outside the archive");
    }

    @Test
    void layerIsASymlinkClimbingOutOfTheArchive() throws IOException {
        DockerArchive archive = new DockerArchive();
        String layer = archive.layerNames().get(0);
        archive.replace(layer, Item.symlink(layer, "../../etc/passwd"));
        assertRejected(archive.write(tmp.resolve("a.tar")), "a link that points outside the archive");
    }

    @Test
    void layerIsASymlinkToAnAbsolutePath() throws IOException {
        DockerArchive archive = new DockerArchive();
        String layer = archive.layerNames().get(0);
        archive.replace(layer, Item.symlink(layer, "/etc/passwd"));
        assertRejected(archive.write(tmp.resolve("a.tar")), "a link that points outside the archive");
    }

    @Test
    void layerIsAHardlinkClimbingOutOfTheArchive() throws IOException {
        // The hard link names ../../etc/passwd; an entry etc/passwd inside the archive must not stand in for it.
        DockerArchive archive = new DockerArchive();
        String layer = archive.layerNames().get(0);
        archive.replace(layer, Item.hardlink(layer, "../../etc/passwd"));
        archive.add(Item.file("etc/passwd", archive.layers.get(0)));
        assertRejected(archive.write(tmp.resolve("a.tar")), "a link that points outside the archive");
    }

    @Test
    void symlinkLoop() throws IOException {
        DockerArchive archive = new DockerArchive();
        String layer = archive.layerNames().get(0);
        archive.replace(layer, Item.symlink(layer, "../loop/layer.tar"));
        archive.add(Item.symlink("loop/layer.tar", "../" + layer));
        assertRejected(archive.write(tmp.resolve("a.tar")), "through too many links");
    }

    @Test
    void manifestJsonIsJsonNull() throws IOException {
        assertRejected(new DockerArchive().manifestJson(bytes("null")).write(tmp.resolve("a.tar")),
                "manifest.json is null");
    }

    @Test
    void manifestJsonOverOneMebibyte() throws IOException {
        DockerArchive archive = new DockerArchive();
        byte[] valid = archive.manifestJson();
        byte[] huge = new byte[(1 << 20) + 100];
        Arrays.fill(huge, (byte) ' ');
        System.arraycopy(valid, 0, huge, 0, valid.length);
        assertRejected(archive.manifestJson(huge).write(tmp.resolve("a.tar")),
                "manifest.json is " + huge.length + " bytes, more than the 1 MiB limit");
    }

    @Test
    void manifestJsonIsAnObjectNotAnArray() throws IOException {
        DockerArchive archive = new DockerArchive();
        String object = new String(archive.manifestJson(), StandardCharsets.UTF_8).replaceFirst("^\\[", "").replaceFirst("]$", "");
        assertRejected(archive.manifestJson(bytes(object)).write(tmp.resolve("a.tar")),
                "manifest.json must be a JSON array");
    }

    @Test
    void manifestJsonIsNotJson() throws IOException {
        assertRejected(new DockerArchive().manifestJson(bytes("[{\"Config\": ")).write(tmp.resolve("a.tar")),
                "manifest.json is not valid JSON");
    }

    @Test
    void twoEntriesNamedManifestJson() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.add(Item.file("manifest.json", bytes("[]")));
        assertRejected(archive.write(tmp.resolve("a.tar")), "more than one entry named 'manifest.json'");
    }

    @Test
    void sameLayerNameTwice() throws IOException {
        DockerArchive archive = new DockerArchive();
        String layer = archive.layerNames().get(0);
        archive.add(Item.file(layer, layerTar("app.txt", bytes("a replacement\n"))));
        assertRejected(archive.write(tmp.resolve("a.tar")), "archive has more than one entry named '" + layer + "'");
    }

    @Test
    void sameLayerNameTwiceOnceThroughDotSlash() throws IOException {
        DockerArchive archive = new DockerArchive();
        String layer = archive.layerNames().get(0);
        archive.add(Item.file("./" + layer, layerTar("app.txt", bytes("a replacement\n"))));
        assertRejected(archive.write(tmp.resolve("a.tar")), "more than one entry named '" + layer + "'");
    }

    @Test
    void manifestListsOneLayerButConfigHasTwoDiffIds() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.diffIds(List.of(Digest.sha256(archive.layers.get(0)), Digest.sha256(layerTar("b.txt", bytes("b\n")))));
        assertRejected(archive.write(tmp.resolve("a.tar")), "has 1 layers but its config lists 2 diff_ids");
    }

    @Test
    void configIsNotJson() throws IOException {
        assertRejected(new DockerArchive().config(bytes("this is not { json")).write(tmp.resolve("a.tar")),
                "image config is not valid JSON");
    }

    @Test
    void repoTagWithUppercase() throws IOException {
        assertRejected(new DockerArchive().tag("Hostile/App:1").write(tmp.resolve("a.tar")),
                "has an invalid tag", "must be lowercase");
    }

    @Test
    void manifestJsonIsASymlinkOutOfTheArchive() throws IOException {
        DockerArchive archive = new DockerArchive();
        archive.replace("manifest.json", Item.symlink("manifest.json", "../../etc/passwd"));
        assertRejected(archive.write(tmp.resolve("a.tar")), "'manifest.json', a link that points outside the archive");
    }

    @Test
    void manifestJsonListsNoImages() throws IOException {
        assertRejected(new DockerArchive().manifestJson(bytes("[]")).write(tmp.resolve("a.tar")),
                "archive contains no images");
    }

    @Test
    void repoTagThatIsJsonNull() throws IOException {
        DockerArchive archive = new DockerArchive();
        String json = new String(archive.manifestJson(), StandardCharsets.UTF_8).replace("\"" + APP_TAG + "\"", "null");
        assertThat(json).contains("\"RepoTags\":[null]");
        assertRejected(archive.manifestJson(bytes(json)).write(tmp.resolve("a.tar")), "has a tag that is not a string");
    }

    @Test
    void truncatedGzipLayerInsideAnIntactArchive() throws IOException {
        byte[] gz = gzip(layerTar("app.txt", randomBytes(64 * 1024, 3)));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        DockerArchive archive = new DockerArchive().layers(cut)
                .diffIds(List.of(Digest.sha256(layerTar("app.txt", randomBytes(64 * 1024, 3)))));
        assertRejected(archive.write(tmp.resolve("a.tar")), "is not valid gzip data: unexpected end of data");
    }

    @Test
    void gzipBombLayerInsideAnIntactArchive() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) out.write(zeros);
        }
        assertThat(gz.size()).isLessThan(1 << 20);
        DockerArchive archive = new DockerArchive().layers(gz.toByteArray())
                .diffIds(List.of(Digest.sha256(bytes("anything"))));
        assertRejected(archive.write(tmp.resolve("a.tar")), "compression bomb");
    }

    // ------------------------------------------------------------------ OCI archives

    @Test
    void ociBlobDoesNotMatchItsDigestName() throws IOException {
        OciArchive archive = new OciArchive();
        String layerPath = "blobs/sha256/" + Digest.sha256(archive.layer).hex();
        archive.override(layerPath, layerTar("app.txt", bytes("tampered\n")));
        assertRejected(archive.write(tmp.resolve("oci.tar")), "blob " + layerPath + " does not match its digest");
    }

    @Test
    void ociIndexPointsAtAMissingManifest() throws IOException {
        OciArchive archive = new OciArchive();
        String manifestPath = "blobs/sha256/" + Digest.sha256(archive.manifest()).hex();
        archive.omit(manifestPath);
        assertRejected(archive.write(tmp.resolve("oci.tar")), "refers to '" + manifestPath + "', which is not in the archive");
    }

    @Test
    void ociDescriptorSizeDiffersFromTheBlob() throws IOException {
        OciArchive archive = new OciArchive();
        archive.layerSizeDelta = 1;
        assertRejected(archive.write(tmp.resolve("oci.tar")), "the descriptor says");
    }

    // ------------------------------------------------------------------ standard input

    @Test
    void damagedArchiveOnStandardInputLeavesTheStoreUnchanged() throws IOException {
        DockerArchive archive = new DockerArchive()
                .diffIds(List.of(Digest.sha256(layerTar("app.txt", bytes("something else\n")))));
        Cli.Run r;
        try (InputStream in = Files.newInputStream(archive.write(tmp.resolve("stdin.tar")))) {
            r = cli.runWithInput(in, "load");
        }
        assertFailedCleanly(r, "has diffID");
    }

    @Test
    void truncatedGzipOnStandardInputLeavesTheStoreUnchanged() throws IOException {
        byte[] gz = gzip(new DockerArchive().tar());
        Cli.Run r = cli.runWithInput(new ByteArrayInputStream(Arrays.copyOf(gz, gz.length - 40)), "load");
        assertFailedCleanly(r, "archive is damaged or not a tar archive: unexpected end of data");
    }

    // ------------------------------------------------------------------ assertions

    private void assertRejected(Path archive, String... expected) throws IOException {
        assertFailedCleanly(cli.run("load", "-i", archive.toString()), expected);
    }

    private void assertFailedCleanly(Cli.Run r, String... expected) throws IOException {
        assertThat(r.exitCode()).as("exit code; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.out()).as("stdout").isEmpty();
        assertThat(r.err()).as("stderr").endsWith("\n");
        String line = r.err().substring(0, r.err().length() - 1);
        assertThat(line).as("stderr is one line").doesNotContain("\n", "\r");
        assertThat(line).startsWith("Error: ").doesNotContain("Exception", "\tat ");
        for (String e : expected) assertThat(line).containsIgnoringCase(e);
        assertThat(StoreSnapshot.of(store)).as("store after the failed load").isEqualTo(before);
        assertNoStagingLeftovers();
        Cli.Run images = cli.run("images");
        assertThat(images.exitCode()).isZero();
        assertThat(images.out()).contains("good/base").doesNotContain("hostile");
    }

    private void assertNoStagingLeftovers() throws IOException {
        try (Stream<Path> staging = Files.list(store.resolve("tmp"))) {
            assertThat(staging).as("staging leftovers in tmp/").isEmpty();
        }
    }

    // ------------------------------------------------------------------ archive builders

    /** One tar entry: a regular file, a symbolic link or a hard link. */
    record Item(String name, byte[] data, String link, byte type) {
        static Item file(String name, byte[] data) {
            return new Item(name, data, null, TarConstants.LF_NORMAL);
        }

        static Item symlink(String name, String target) {
            return new Item(name, null, target, TarConstants.LF_SYMLINK);
        }

        static Item hardlink(String name, String target) {
            return new Item(name, null, target, TarConstants.LF_LINK);
        }
    }

    /**
     * A valid single-image docker-archive (legacy layout: {@code <hex>/layer.tar}, {@code <hex>.json},
     * {@code manifest.json}) with a real layer tar and a config whose diff_ids match; each setter damages one thing.
     */
    static final class DockerArchive {
        List<byte[]> layers = new ArrayList<>(List.of(layerTar("app.txt", randomBytes(64 * 1024, 1))));
        private List<Digest> diffIds;
        private String tag = APP_TAG;
        private byte[] config;
        private String configPath;
        private List<String> layerPaths;
        private byte[] manifestJson;
        private final Set<String> omitted = new HashSet<>();
        private final List<Item> replacements = new ArrayList<>();
        private final List<Item> extra = new ArrayList<>();

        DockerArchive layers(byte[]... layerTars) {
            layers = new ArrayList<>(List.of(layerTars));
            return this;
        }

        DockerArchive diffIds(List<Digest> ids) {
            diffIds = ids;
            return this;
        }

        DockerArchive tag(String t) {
            tag = t;
            return this;
        }

        DockerArchive config(byte[] c) {
            config = c;
            return this;
        }

        DockerArchive configPath(String p) {
            configPath = p;
            return this;
        }

        DockerArchive layerPaths(List<String> p) {
            layerPaths = p;
            return this;
        }

        DockerArchive manifestJson(byte[] m) {
            manifestJson = m;
            return this;
        }

        DockerArchive omit(String name) {
            omitted.add(name);
            return this;
        }

        /** Writes {@code item} in place of the entry with the same name. */
        DockerArchive replace(String name, Item item) {
            omitted.add(name);
            replacements.add(item);
            return this;
        }

        DockerArchive add(Item item) {
            extra.add(item);
            return this;
        }

        byte[] config() {
            if (config != null) return config;
            ObjectNode root = Json.object();
            root.put("architecture", "amd64");
            root.put("os", "linux");
            root.put("created", "2024-01-01T00:00:00Z");
            root.putObject("config").putArray("Cmd").add("/bin/sh");
            ObjectNode rootfs = root.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode ids = rootfs.putArray("diff_ids");
            List<Digest> list = diffIds != null ? diffIds : layers.stream().map(Digest::sha256).toList();
            list.forEach(d -> ids.add(d.toString()));
            root.putArray("history").addObject().put("created", "2024-01-01T00:00:00Z").put("created_by", "test");
            return Json.bytes(root);
        }

        /** The config's entry name in the archive. */
        String configName() {
            return Digest.sha256(config()).hex() + ".json";
        }

        /** The layers' entry names in the archive. */
        List<String> layerNames() {
            return layers.stream().map(l -> Digest.sha256(l).hex() + "/layer.tar").toList();
        }

        byte[] manifestJson() {
            if (manifestJson != null) return manifestJson;
            ArrayNode root = Json.array();
            ObjectNode image = root.addObject();
            image.put("Config", configPath != null ? configPath : configName());
            image.putArray("RepoTags").add(tag);
            ArrayNode paths = image.putArray("Layers");
            (layerPaths != null ? layerPaths : layerNames()).forEach(paths::add);
            return Json.bytes(root);
        }

        List<Item> items() {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) items.add(Item.file(layerNames().get(i), layers.get(i)));
            items.add(Item.file(configName(), config()));
            items.add(Item.file("manifest.json", manifestJson()));
            items.removeIf(item -> omitted.contains(item.name()));
            items.addAll(replacements);
            items.addAll(extra);
            return items;
        }

        byte[] tar() throws IOException {
            return HostileArchiveTest.tar(items());
        }

        Path write(Path file) throws IOException {
            return Files.write(file, tar());
        }
    }

    /** A valid single-image OCI archive (oci-layout, index.json, blobs/sha256/...) that can be damaged. */
    static final class OciArchive {
        final byte[] layer = layerTar("app.txt", bytes("hello from an OCI archive\n"));
        int layerSizeDelta;
        private final Set<String> omitted = new HashSet<>();
        private final List<Item> overrides = new ArrayList<>();

        OciArchive omit(String path) {
            omitted.add(path);
            return this;
        }

        /** Writes {@code data} under {@code path} instead of the real blob. */
        OciArchive override(String path, byte[] data) {
            omitted.add(path);
            overrides.add(Item.file(path, data));
            return this;
        }

        byte[] config() {
            ObjectNode root = Json.object();
            root.put("architecture", "amd64");
            root.put("os", "linux");
            ObjectNode rootfs = root.putObject("rootfs");
            rootfs.put("type", "layers");
            rootfs.putArray("diff_ids").add(Digest.sha256(layer).toString());
            return Json.bytes(root);
        }

        byte[] manifest() {
            ObjectNode root = Json.object();
            root.put("schemaVersion", 2);
            root.put("mediaType", MediaTypes.OCI_MANIFEST);
            root.set("config", descriptor(MediaTypes.OCI_CONFIG, config()));
            ObjectNode layerDescriptor = descriptor(MediaTypes.OCI_LAYER, layer);
            layerDescriptor.put("size", layer.length + layerSizeDelta);
            root.putArray("layers").add(layerDescriptor);
            return Json.bytes(root);
        }

        byte[] index() {
            ObjectNode root = Json.object();
            root.put("schemaVersion", 2);
            root.put("mediaType", MediaTypes.OCI_INDEX);
            ObjectNode entry = descriptor(MediaTypes.OCI_MANIFEST, manifest());
            ObjectNode annotations = entry.putObject("annotations");
            annotations.put("io.containerd.image.name", "docker.io/hostile/oci:1");
            annotations.put("org.opencontainers.image.ref.name", "1");
            root.putArray("manifests").add(entry);
            return Json.bytes(root);
        }

        private static ObjectNode descriptor(String mediaType, byte[] blob) {
            ObjectNode d = Json.object();
            d.put("mediaType", mediaType);
            d.put("digest", Digest.sha256(blob).toString());
            d.put("size", blob.length);
            return d;
        }

        Path write(Path file) throws IOException {
            List<Item> items = new ArrayList<>();
            items.add(Item.file("oci-layout", bytes("{\"imageLayoutVersion\":\"1.0.0\"}")));
            for (byte[] blob : List.of(layer, config(), manifest())) {
                items.add(Item.file("blobs/sha256/" + Digest.sha256(blob).hex(), blob));
            }
            items.add(Item.file("index.json", index()));
            items.removeIf(item -> omitted.contains(item.name()));
            items.addAll(overrides);
            return Files.write(file, tar(items));
        }
    }

    // ------------------------------------------------------------------ helpers

    static byte[] tar(List<Item> items) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item item : items) {
                TarArchiveEntry entry = new TarArchiveEntry(item.name(), item.type());
                entry.setModTime(1_700_000_000_000L);
                if (item.link() != null) entry.setLinkName(item.link());
                if (item.data() != null) entry.setSize(item.data().length);
                tar.putArchiveEntry(entry);
                if (item.data() != null) tar.write(item.data());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** A layer: a tar holding one file. */
    static byte[] layerTar(String name, byte[] content) {
        try {
            return tar(List.of(Item.file(name, content)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path file(String name, byte[] data) throws IOException {
        return Files.write(tmp.resolve(name), data);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
