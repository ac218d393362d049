package dev.stowage.image;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelTest {
    private static final String CONFIG_DIGEST = "sha256:" + "c".repeat(64);
    private static final String LAYER_DIGEST = "sha256:" + "d".repeat(64);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void manifestKeepsItsRawBytesAndUnknownFields() {
        String text = "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \"" + MediaTypes.DOCKER_MANIFEST + "\",\n"
                + "  \"config\": {\"mediaType\": \"" + MediaTypes.DOCKER_CONFIG + "\", \"digest\": \"" + CONFIG_DIGEST
                + "\", \"size\": 7, \"x-unknown\": true},\n  \"layers\": [{\"mediaType\": \"" + MediaTypes.DOCKER_LAYER_GZIP
                + "\", \"digest\": \"" + LAYER_DIGEST + "\", \"size\": 9}],\n  \"x-extra\": {\"kept\": 1}\n}";
        Manifest m = Manifest.parse(bytes(text), null);
        assertThat(m.raw()).isEqualTo(bytes(text));
        assertThat(m.digest()).isEqualTo(Digest.sha256(bytes(text)));
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.config().digest().toString()).isEqualTo(CONFIG_DIGEST);
        assertThat(m.layers()).extracting(Descriptor::size).containsExactly(9L);
        assertThat(m.contentSize()).isEqualTo(16);
        assertThat(MediaTypes.isDockerFamily(m.mediaType())).isTrue();
    }

    @Test
    void manifestRejectsSchema1IndexesAndMissingParts() {
        assertThatThrownBy(() -> Manifest.parse(bytes("{\"schemaVersion\":1,\"fsLayers\":[]}"), null))
                .hasMessage("Docker schema1 manifests are not supported");
        assertThatThrownBy(() -> Manifest.parse(bytes("{\"schemaVersion\":2,\"manifests\":[]}"), null))
                .hasMessage("expected an image manifest but found an index");
        assertThatThrownBy(() -> Manifest.parse(bytes("{\"schemaVersion\":2,\"config\":{\"digest\":\"" + CONFIG_DIGEST
                + "\",\"size\":1}}"), MediaTypes.OCI_MANIFEST)).hasMessage("manifest has no layers array");
        assertThatThrownBy(() -> Manifest.parse(bytes("{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:abc\",\"size\":1},\"layers\":[]}"), null))
                .hasMessageContaining("invalid sha256 digest");
        assertThatThrownBy(() -> Manifest.parse(bytes("[1]"), null)).hasMessage("manifest must be a JSON object, found array");
    }

    @Test
    void createdManifestsSerializeOnce() {
        Descriptor config = new Descriptor(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG_DIGEST), 7);
        Descriptor layer = new Descriptor(MediaTypes.OCI_LAYER, Digest.parse(LAYER_DIGEST), 9);
        Manifest m = Manifest.create(MediaTypes.OCI_MANIFEST, config, List.of(layer));
        Manifest reparsed = Manifest.parse(m.raw(), null);
        assertThat(reparsed.digest()).isEqualTo(m.digest());
        assertThat(reparsed.layers()).containsExactly(layer);
    }

    @Test
    void indexAndManifestListChoosePlatforms() {
        String list = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":["
                + "{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + CONFIG_DIGEST + "\",\"size\":1,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"}},"
                + "{\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + LAYER_DIGEST + "\",\"size\":2,"
                + "\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}";
        Index index = Index.parse(bytes(list), null, "list");
        assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(index.forPlatform(Platform.parse("linux/amd64")).orElseThrow().size()).isEqualTo(2);
        assertThat(index.forPlatform(Platform.parse("linux/arm64")).orElseThrow().size()).isEqualTo(1);
        assertThat(index.forPlatform(Platform.parse("linux/arm64/v7"))).isEmpty();
        assertThat(index.forPlatform(Platform.parse("windows/amd64"))).isEmpty();
        assertThat(Index.parse(bytes("{\"schemaVersion\":2,\"manifests\":null}"), null, "index.json").manifests()).isEmpty();
    }

    @Test
    void configExposesDiffIdsHistoryAndRuntimeConfig() {
        String text = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"author\":\"larry\",\"created\":\"2024-01-02T03:04:05.123Z\","
                + "\"config\":{\"Cmd\":[\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + LAYER_DIGEST + "\"]},"
                + "\"history\":[{\"created_by\":\"ADD x\"},{\"created_by\":\"CMD\",\"empty_layer\":true}]}";
        ImageConfig c = ImageConfig.parse(bytes(text));
        assertThat(c.diffIds()).containsExactly(Digest.parse(LAYER_DIGEST));
        assertThat(c.author()).isEqualTo("larry");
        assertThat(c.created()).hasToString("2024-01-02T03:04:05.123Z");
        assertThat(c.runtimeConfig().get("Cmd")).hasSize(4);
        assertThat(c.history()).extracting(ImageConfig.HistoryEntry::emptyLayer).containsExactly(false, true);
        assertThat(c.digest()).isEqualTo(Digest.sha256(bytes(text)));
        assertThatThrownBy(() -> ImageConfig.parse(bytes("{\"rootfs\":{}}"))).hasMessage("image config has no rootfs.diff_ids");
    }

    @Test
    void mediaTypesAndCompression() {
        assertThat(MediaTypes.layerType(true, Compression.NONE)).isEqualTo(MediaTypes.DOCKER_LAYER);
        assertThat(MediaTypes.layerType(true, Compression.GZIP)).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(MediaTypes.layerType(false, Compression.ZSTD)).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
        assertThatThrownBy(() -> MediaTypes.layerType(false, Compression.BZIP2)).hasMessageContaining("bzip2");
        assertThat(MediaTypes.isIndex(MediaTypes.OCI_INDEX)).isTrue();
        assertThat(MediaTypes.isManifest(MediaTypes.OCI_INDEX)).isFalse();
        assertThat(Compression.detect(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0}, 6)).isEqualTo(Compression.GZIP);
        assertThat(Compression.detect(new byte[]{0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 4)).isEqualTo(Compression.ZSTD);
        assertThat(Compression.detect(bytes("BZh91A"), 6)).isEqualTo(Compression.BZIP2);
        assertThat(Compression.detect(new byte[]{(byte) 0xfd, '7', 'z', 'X', 'Z', 0}, 6)).isEqualTo(Compression.XZ);
        assertThat(Compression.detect(bytes("ustar"), 5)).isEqualTo(Compression.NONE);
    }

    @Test
    void platformParsing() {
        assertThat(Platform.parse("linux/arm/v7")).isEqualTo(new Platform("linux", "arm", "v7"));
        assertThatThrownBy(() -> Platform.parse("linux")).hasMessage("invalid platform 'linux': expected os/arch[/variant]");
        assertThat(Platform.current().os()).isNotEmpty();
    }
}
