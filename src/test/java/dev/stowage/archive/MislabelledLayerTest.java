package dev.stowage.archive;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Manifest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import dev.stowage.store.Staging;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.ImageArchives.OciLayer;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.Tools;
import dev.stowage.util.Compressors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A layer whose bytes are not compressed as its media type says (zstd labelled gzip, gzip labelled zstd,
 * compressed labelled plain tar) is refused with one line naming the layer, by load and by pull, leaving the
 * store as it was; {@code verify} names one that an older version stored.
 */
class MislabelledLayerTest {
    @TempDir
    Path dir;

    private final byte[] tar;
    private final byte[] gzip;
    private final byte[] zstd;

    MislabelledLayerTest() throws IOException {
        tar = ImageArchives.layer(Map.of("etc/hello", "hello ".repeat(100)));
        gzip = compressed(Compressors::gzip);
        zstd = compressed(Compressors::zstd);
    }

    @Test
    void loadRefusesGzipBytesLabelledZstd() throws Exception {
        assertLoadRefused(new OciLayer(gzip, MediaTypes.OCI_LAYER_ZSTD, Digest.sha256(tar)), "zstd", "gzip");
    }

    @Test
    void loadRefusesZstdBytesLabelledGzip() throws Exception {
        assertLoadRefused(new OciLayer(zstd, MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar)), "gzip", "zstd");
    }

    @Test
    void loadRefusesGzipBytesLabelledPlainTar() throws Exception {
        assertLoadRefused(new OciLayer(gzip, MediaTypes.OCI_LAYER, Digest.sha256(tar)), "uncompressed", "gzip");
    }

    @Test
    void loadTakesLayersLabelledAsTheirBytesAre() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("ok.tar"), "fine/image:1", List.of("sh"), false, List.of(
                new OciLayer(zstd, MediaTypes.OCI_LAYER_ZSTD, Digest.sha256(tar)),
                new OciLayer(gzip, MediaTypes.OCI_LAYER_GZIP, Digest.sha256(tar))));
        Cli cli = new Cli(dir.resolve("store"));
        assertThat(cli.run("load", "-i", archive.toString()).exitCode()).isZero();
        assertThat(cli.run("verify").out()).startsWith("OK:");
    }

    @Test
    void pullRefusesALayerARegistryServesMislabelled() throws Exception {
        Tools.require("skopeo");
        Path archive = ImageArchives.ociArchive(dir.resolve("bad.tar"), "bad/image:1", List.of("sh"), false,
                List.of(new OciLayer(gzip, MediaTypes.OCI_LAYER_ZSTD, Digest.sha256(tar))));
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("reg"))) {
            String ref = registry.host() + "/bad/image:1";
            Tools.run(dir, "skopeo", "copy", "--quiet", "--dest-tls-verify=false", "oci-archive:" + archive, "docker://" + ref)
                    .assertOk();
            Cli cli = new Cli(dir.resolve("store"));
            Cli.Run pull = cli.run("pull", ref);
            assertThat(pull.exitCode()).isNotZero();
            assertThat(pull.err().strip()).doesNotContain("\n")
                    .contains("layer " + Digest.sha256(gzip), MediaTypes.OCI_LAYER_ZSTD, "bytes are gzip");
            assertUntouched(cli.store());
        }
    }

    @Test
    void verifyNamesAMislabelledLayerAlreadyInTheStore() throws Exception {
        Store store = Store.open(dir.resolve("store"));
        Digest diffId = Digest.sha256(tar);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER_ZSTD, Digest.sha256(gzip), gzip.length);
        Manifest manifest = Manifest.create(MediaTypes.OCI_MANIFEST,
                new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length), List.of(layer));
        try (Staging staging = store.newStaging()) {
            List<Digest> blobs = List.of(staging.write(gzip), staging.write(config), staging.write(manifest.raw()));
            staging.publish(blobs, index -> index.tag(Reference.parse("old/image:1"), manifest.descriptor()));
        }
        Cli.Run verify = new Cli(store.root()).run("verify");
        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.out() + verify.err()).contains("docker.io/old/image:1: layer " + layer.digest()
                + " has media type " + MediaTypes.OCI_LAYER_ZSTD + " (zstd) but its bytes are gzip");
    }

    private void assertLoadRefused(OciLayer layer, String named, String actual) throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("bad.tar"), "bad/image:1", List.of("sh"), false, List.of(layer));
        Cli cli = new Cli(dir.resolve("store"));
        Cli.Run load = cli.run("load", "-i", archive.toString());
        assertThat(load.exitCode()).isNotZero();
        assertThat(load.err().strip()).doesNotContain("\n").startsWith("Error: ")
                .contains("layer " + Digest.sha256(layer.blob()) + " has media type " + layer.mediaType() + " (" + named
                        + ") but its bytes are " + actual);
        assertUntouched(cli.store());
    }

    private static void assertUntouched(Path store) throws IOException {
        assertThat(Store.open(store).readIndex().entries()).isEmpty();
        try (Stream<Path> blobs = Files.list(store.resolve("blobs").resolve("sha256")); Stream<Path> tmp = Files.list(store.resolve("tmp"))) {
            assertThat(blobs).isEmpty();
            assertThat(tmp).isEmpty();
        }
    }

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private byte[] compressed(Compressor compressor) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = compressor.wrap(bytes)) {
            out.write(tar);
        }
        return bytes.toByteArray();
    }
}
