package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.StoredLayers;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Containers of a real Podman: listed, files put in through the archive API, committed with author, message and changes. */
class EngineContainersTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final PodmanEngine engine = new PodmanEngine("podman");

    @BeforeAll
    static void start() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("base.tar"), "docker.io/library/base:1", List.of("/bin/app"),
                ImageArchives.layer(Map.of("etc/os", "base")));
        engine.podman.podman("load", "-i", archive.toString()).assertOk();
        engine.podman.podman("create", "--name", "worker", "docker.io/library/base:1").assertOk();
    }

    @Test
    void listsStoppedContainers() throws Exception {
        List<EngineContainer> running = new EngineContainers(engine.client).list(false);
        assertThat(running).noneMatch(c -> c.names().contains("worker"));
        List<EngineContainer> all = new EngineContainers(engine.client).list(true);
        assertThat(all).anySatisfy(c -> {
            assertThat(c.names()).contains("worker");
            assertThat(c.image()).contains("base:1");
            assertThat(c.id()).matches("[0-9a-f]{64}");
        });
    }

    @Test
    void commitsFilesPutThroughTheArchiveApiWithAuthorMessageAndChanges() throws Exception {
        byte[] tar = ImageArchives.layer(Map.of("srv/hello.txt", "hello from the archive API"));
        engine.client.execute(new Request.Builder()
                .url(engine.client.url(engine.client.versioned("/containers/worker/archive")).addQueryParameter("path", "/").build())
                .put(RequestBody.create(tar, MediaType.get("application/x-tar"))).build()).close();

        String id = new EngineContainers(engine.client).commit("worker", new EngineContainers.Commit("Jane Doe <jane@example.com>",
                "added hello", List.of("CMD [\"/bin/app\", \"--serve\"]", "ENV MODE=prod"), true,
                Reference.parse("example.com/team/committed:1")));

        JsonNode inspect = new EngineImages(engine.client).inspect("example.com/team/committed:1");
        assertThat(inspect.path("Id").asText()).isEqualTo(id);
        assertThat(inspect.path("Author").asText()).isEqualTo("Jane Doe <jane@example.com>");
        assertThat(inspect.path("Comment").asText()).isEqualTo("added hello");
        assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/app\",\"--serve\"]");
        assertThat(inspect.path("Config").path("Env").toString()).contains("MODE=prod");
        assertThat(inspect.path("RootFS").path("Layers")).hasSize(2);

        Store store = Store.open(dir.resolve("store"));
        new EngineCopy(new EngineImages(engine.client), store).toStore(List.of("example.com/team/committed:1"));
        LocalImage image = ImageResolver.of(store).resolve("example.com/team/committed:1");
        assertThat(image.config().author()).isEqualTo("Jane Doe <jane@example.com>");
        assertThat(StoredLayers.entries(store.root(), image.manifest().layers().get(1).digest()).get("srv/hello.txt").content())
                .isEqualTo("hello from the archive API");
    }

    @Test
    void committingAMissingContainerIsOneClearLine() {
        assertThatThrownBy(() -> new EngineContainers(engine.client).commit("ghost", new EngineContainers.Commit(null, null, List.of(), true, null)))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("podman: ")
                .hasMessageContaining("ghost")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
