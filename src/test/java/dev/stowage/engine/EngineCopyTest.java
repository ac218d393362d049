package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.archive.ArchiveWriter;
import dev.stowage.archive.LoadedImage;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.StoredLayers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Engine ↔ embedded store, streamed both ways, layers byte-identical (same digests on both sides). */
class EngineCopyTest {
    @TempDir
    static Path dir;
    @RegisterExtension
    static final PodmanEngine engine = new PodmanEngine("podman");

    private static List<String> engineLayers(String image) throws Exception {
        List<String> layers = new ArrayList<>();
        for (JsonNode l : engine.images.inspect(image).path("RootFS").path("Layers")) layers.add(l.asText());
        return layers;
    }

    @Test
    void engineToStoreKeepsNamesAndLayerDigests() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("a.tar"), "docker.io/library/copied:1", List.of("/bin/sh"),
                ImageArchives.layer(Map.of("etc/os", "test")), ImageArchives.layer(Map.of("srv/data.txt", "payload")));
        engine.podman.podman("load", "-i", archive.toString()).assertOk();
        Store store = Store.open(dir.resolve("store-a"));

        List<LoadedImage> loaded = new EngineCopy(engine.images, store).toStore(List.of("docker.io/library/copied:1"));

        assertThat(loaded).hasSize(1);
        assertThat(loaded.get(0).names()).containsExactly(Reference.parse("copied:1"));
        assertThat(loaded.get(0).id().toString()).isEqualTo(engine.images.inspect("docker.io/library/copied:1").path("Id").asText());
        LocalImage image = ImageResolver.of(store).resolve("copied:1");
        List<String> stored = image.manifest().layers().stream().map(Descriptor::digest).map(Object::toString).toList();
        assertThat(stored).isEqualTo(engineLayers("docker.io/library/copied:1"));
        assertThat(StoredLayers.entries(store.root(), image.manifest().layers().get(1).digest()).get("srv/data.txt").content())
                .isEqualTo("payload");
    }

    @Test
    void storeToEngineKeepsNamesAndLayerDigests() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("b.tar"), "docker.io/library/sent:2", List.of("/bin/true"),
                ImageArchives.layer(Map.of("etc/os", "store")), ImageArchives.layer(Map.of("opt/x", "from the store")));
        Store store = Store.open(dir.resolve("store-b"));
        try (var in = Files.newInputStream(archive)) {
            new dev.stowage.archive.ArchiveLoader(store).load(in);
        }
        LocalImage image = ImageResolver.of(store).resolve("sent:2");
        Reference name = Reference.parse("example.com/team/sent:3");

        List<String> lines = new EngineCopy(engine.images, store).toEngine(List.of(new ArchiveWriter.Item(image, List.of(name))));

        assertThat(lines).anyMatch(l -> l.startsWith("Loaded image") && l.contains("example.com/team/sent:3"));
        List<String> stored = image.config().diffIds().stream().map(Object::toString).toList();
        assertThat(engineLayers("example.com/team/sent:3")).isEqualTo(stored);
        assertThat(engine.images.inspect("example.com/team/sent:3").path("Id").asText()).isEqualTo(image.id().toString());
    }

    @Test
    void aCancelledCopyLeavesTheStoreAsItWas() throws Exception {
        Path archive = ImageArchives.ociArchive(dir.resolve("big.tar"), "docker.io/library/big:1", List.of("/bin/sh"),
                ImageArchives.layer(Map.of("data/a.bin", "a".repeat(8 << 20))), ImageArchives.layer(Map.of("data/b.bin", "b".repeat(8 << 20))));
        engine.podman.podman("load", "-i", archive.toString()).assertOk();
        Store store = Store.open(dir.resolve("store-cancel"));
        StoreSnapshot before = StoreSnapshot.of(store.root());
        try (EngineClient own = new EngineClient(EngineEndpoint.parse("podman", engine.podman.address(), null, "test"))) {
            EngineImages engine = new EngineImages(own);
            var in = engine.save(List.of("docker.io/library/big:1"));
            assertThat(in.read(new byte[4096])).isPositive();    // the answer is streaming
            own.cancelAll();
            assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(java.io.IOException.class);
            in.close();
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ignored) {
                    return;
                }
                own.cancelAll();
            });
            canceller.start();
            try {
                new EngineCopy(engine, store).toStore(List.of("docker.io/library/big:1"));
            } catch (RuntimeException | java.io.IOException expected) {
                // cancelled while streaming (or, on a fast machine, finished first)
            }
            canceller.join();
        }
        if (ImageResolver.of(store).find("big:1").isEmpty()) {
            try (var tmp = Files.list(store.root().resolve("tmp"))) {
                assertThat(tmp.toList()).isEmpty();
            }
            assertThat(StoreSnapshot.of(store.root())).isEqualTo(before);
        }
    }

    @Test
    void aFailedCopyLeavesTheStoreAsItWas() throws Exception {
        Store store = Store.open(dir.resolve("store-c"));
        StoreSnapshot before = StoreSnapshot.of(store.root());
        assertThatThrownBy(() -> new EngineCopy(engine.images, store).toStore(List.of("docker.io/library/nothing:1")))
                .isInstanceOf(EngineException.class).hasMessageContaining("nothing");
        assertThat(StoreSnapshot.of(store.root())).isEqualTo(before);
    }
}
