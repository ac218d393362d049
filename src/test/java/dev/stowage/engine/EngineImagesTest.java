package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Reference;
import dev.stowage.testing.ImageArchives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Image operations against a real Podman serving the Docker-compatible API. */
class EngineImagesTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final PodmanEngine engine = new PodmanEngine("test");

    static String load(String name, String file, String content) throws Exception {
        Path archive = ImageArchives.ociArchive(Files.createTempFile(dir, "img", ".tar"), name, List.of("/bin/app"),
                ImageArchives.layer(Map.of("etc/base", "base")), ImageArchives.layer(Map.of(file, content)));
        try (InputStream in = Files.newInputStream(archive)) {
            List<String> lines = engine.images.load(in);
            assertThat(lines).anyMatch(l -> l.startsWith("Loaded image"));
        }
        return engine.images.inspect(name).path("Id").asText();
    }

    @Test
    void negotiatesTheApiVersionWithPodman() {
        EngineInfo info = engine.client.info();
        assertThat(info.kind()).isEqualTo("Podman");
        assertThat(info.podman()).isTrue();
        assertThat(ApiVersions.compare(info.apiVersion(), EngineClient.MAX_API)).isLessThanOrEqualTo(0);
        assertThat(info.apiVersion()).isEqualTo(ApiVersions.min(info.serverApiVersion(), EngineClient.MAX_API));
        assertThat(info.version()).matches("\\d+\\.\\d+.*");
    }

    @Test
    void listsInspectsTagsAndRemoves() throws Exception {
        String id = load("docker.io/library/listed:1", "app/listed", "listed");
        assertThat(engine.images.list(false)).anySatisfy(i -> {
            assertThat(i.id()).isEqualTo(id);
            assertThat(i.repoTags()).contains("docker.io/library/listed:1");
            assertThat(i.size()).isPositive();
        });
        JsonNode inspect = engine.images.inspect("docker.io/library/listed:1");
        assertThat(inspect.path("RootFS").path("Layers")).hasSize(2);
        assertThat(inspect.path("Config").path("Cmd").get(0).asText()).isEqualTo("/bin/app");

        List<EngineHistoryEntry> history = engine.images.history("docker.io/library/listed:1");
        assertThat(history).extracting(EngineHistoryEntry::createdBy).containsExactly("layer 2", "layer 1");

        engine.images.tag("docker.io/library/listed:1", Reference.parse("example.com/team/listed:v2"));
        assertThat(engine.images.inspect("example.com/team/listed:v2").path("Id").asText()).isEqualTo(id);

        EngineImages.Removal untag = engine.images.remove("example.com/team/listed:v2", false);
        assertThat(untag.untagged()).containsExactly("example.com/team/listed:v2");
        assertThat(untag.deleted()).isEmpty();
        EngineImages.Removal removed = engine.images.remove("docker.io/library/listed:1", false);
        assertThat(removed.deleted()).contains(id);
        assertThatThrownBy(() -> engine.images.inspect(id)).isInstanceOf(EngineException.class);
    }

    @Test
    void danglingImagesAreListedAndPruned() throws Exception {
        String old = load("docker.io/library/moved:1", "app/v", "one");
        String current = load("docker.io/library/moved:1", "app/v", "two");
        assertThat(current).isNotEqualTo(old);
        assertThat(engine.images.list(false)).anySatisfy(i -> {
            assertThat(i.id()).isEqualTo(old);
            assertThat(i.dangling()).isTrue();
        });
        EngineImages.Removal pruned = engine.images.prune(false);
        assertThat(pruned.deleted()).contains(old);
        assertThat(engine.images.list(true)).noneMatch(i -> i.id().equals(old)).anyMatch(i -> i.id().equals(current));
    }

    @Test
    void engineErrorsAreOneClearLine() throws Exception {
        assertThatThrownBy(() -> engine.images.inspect("docker.io/library/missing:1"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("test: ")
                .hasMessageContaining("missing")
                .satisfies(e -> assertThat(((EngineException) e).status()).isEqualTo(404))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> engine.images.save(List.of("docker.io/library/missing:1")))
                .isInstanceOf(EngineException.class).hasMessageContaining("missing");
        Path notAnArchive = Files.writeString(dir.resolve("junk.tar"), "this is not a tar archive");
        try (InputStream in = Files.newInputStream(notAnArchive)) {
            assertThatThrownBy(() -> engine.images.load(in)).isInstanceOf(EngineException.class)
                    .satisfies(e -> assertThat(e.getMessage()).startsWith("test: ").doesNotContain("\n"));
        }
    }
}
