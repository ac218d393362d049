package dev.stowage.engine;

import dev.stowage.archive.ArchiveWriter;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.PodmanService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The desktop app's view of engines: discovered from the Podman user socket ($XDG_RUNTIME_DIR/podman/podman.sock),
 * listed, detailed, copied both ways, and many names listed in one quick request.
 */
class EngineSourceTest {
    @TempDir
    static Path dir;
    static PodmanService podman;
    static ImageSource source;

    @BeforeAll
    static void start() throws Exception {
        podman = PodmanService.startAt(dir.resolve("p"), dir.resolve("runtime/podman/podman.sock"));
        Path archive = ImageArchives.ociArchive(dir.resolve("ui.tar"), "docker.io/library/ui:1", List.of("/bin/ui", "--fast"),
                ImageArchives.layer(Map.of("etc/os", "ui")));
        podman.podman("load", "-i", archive.toString()).assertOk();
        List<ImageSource> found = EngineSource.discover(Map.of("HOME", Files.createDirectories(dir.resolve("home")).toString(),
                "XDG_RUNTIME_DIR", dir.resolve("runtime").toString()));
        assertThat(found).hasSize(1);
        source = found.get(0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (source != null) source.close();
        if (podman != null) podman.close();
    }

    @Test
    void listsAndDetails() throws Exception {
        assertThat(source.name()).isEqualTo("podman");
        assertThat(source.description()).startsWith("Podman ");
        assertThat(source.images()).anySatisfy(i -> assertThat(i.repoTags()).contains("docker.io/library/ui:1"));
        ImageDetails d = source.details("docker.io/library/ui:1");
        assertThat(d.id()).startsWith("sha256:");
        assertThat(d.os()).isEqualTo("linux");
        assertThat(d.architecture()).isEqualTo("amd64");
        assertThat(d.created()).isEqualTo(java.time.Instant.parse("2020-09-13T12:26:40Z"));
        assertThat(d.config().path("Cmd").toString()).isEqualTo("[\"/bin/ui\",\"--fast\"]");
        assertThat(d.layers()).hasSize(1);
        assertThat(source.history("docker.io/library/ui:1")).hasSize(1);
    }

    @Test
    void copiesBothWays() throws Exception {
        Store store = Store.open(dir.resolve("store"));
        source.copyToStore(List.of("docker.io/library/ui:1"), store);
        LocalImage image = ImageResolver.of(store).resolve("ui:1");
        assertThat(image.id().toString()).isEqualTo(source.details("ui:1").id());
        source.copyFromStore(List.of(new ArchiveWriter.Item(image, List.of(Reference.parse("example.com/back/ui:2")))), store);
        assertThat(source.details("example.com/back/ui:2").layers()).isEqualTo(source.details("ui:1").layers());
    }

    /** 100 names (Podman takes ~80 ms per tag with vfs; src/bench measures 1,000): one request, one parse. */
    @Test
    void manyNamesListInOneQuickRequest() throws Exception {
        EngineImages images = new EngineImages(((EngineSource) source).client());
        for (int i = 0; i < 100; i++) images.tag("docker.io/library/ui:1", Reference.parse("example.com/many/img" + i + ":v1"));
        long start = System.nanoTime();
        List<EngineImage> listed = source.images();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(listed.stream().mapToInt(i -> i.repoTags().size()).sum()).isGreaterThanOrEqualTo(100);
        assertThat(millis).as("listing 1,000 names took %d ms", millis).isLessThan(2000);
    }
}
