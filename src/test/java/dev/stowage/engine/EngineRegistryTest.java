package dev.stowage.engine;

import dev.stowage.image.Reference;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.registry.credentials.Credential;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Push and pull through a real Podman to a real registry (TLS, HTTP Basic): the credential goes only in
 * X-Registry-Auth (the engine has none of its own), and the engine's progress arrives as per-layer events.
 */
class EngineRegistryTest {
    static final String USER = "alice";
    static final String PASSWORD = "s3cret-pass";

    @TempDir
    static Path dir;
    static RegistryServer registry;
    @RegisterExtension
    static final PodmanEngine engine = new PodmanEngine("podman");
    static List<String> diffIds = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Tools.require("skopeo");
        registry = RegistryServer.tlsBasic(dir.resolve("registry"), USER, PASSWORD);
        Path archive = ImageArchives.ociArchive(dir.resolve("app.tar"), "docker.io/library/app:1", List.of("/bin/app"),
                ImageArchives.layer(Map.of("etc/os", "app")), ImageArchives.layer(Map.of("srv/app.bin", "x".repeat(300_000))));
        engine.podman.podman("load", "-i", archive.toString()).assertOk();
        engine.images.inspect("docker.io/library/app:1").path("RootFS").path("Layers").forEach(l -> diffIds.add(l.asText()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) registry.close();
    }

    private static String shortId(String digest) {
        return digest.substring("sha256:".length(), "sha256:".length() + 12);
    }

    @Test
    void pushesWithCredentialsAndReportsEachLayer() throws Exception {
        Reference target = Reference.parse(registry.host() + "/team/app:1");
        engine.images.tag("docker.io/library/app:1", target);
        List<LayerProgress> events = Collections.synchronizedList(new ArrayList<>());

        engine.images.push(target, Optional.of(new Credential(USER, PASSWORD, false)), true, events::add);

        for (String diffId : diffIds) {
            List<LayerState> states = events.stream().filter(e -> e.id().equals(shortId(diffId))).map(LayerProgress::state).toList();
            assertThat(states).as("events of layer %s: %s", diffId, events).containsExactly(LayerState.PUSHING, LayerState.PUSHED);
        }
        Tools.Result config = Tools.run(dir, "skopeo", "inspect", "--config", "--tls-verify=false", "--creds", USER + ":" + PASSWORD,
                "docker://" + target).assertOk();
        var pushedConfig = dev.stowage.image.Json.readTree(config.stdout());
        assertThat(pushedConfig.path("config").path("Cmd").toString()).isEqualTo("[\"/bin/app\"]");
        List<String> pushedDiffIds = new ArrayList<>();
        pushedConfig.path("rootfs").path("diff_ids").forEach(d -> pushedDiffIds.add(d.asText()));
        assertThat(pushedDiffIds).isEqualTo(diffIds);

        // and back: remove the name from the engine, pull it again
        engine.images.remove(target.toString(), false);
        List<LayerProgress> pulled = Collections.synchronizedList(new ArrayList<>());
        EngineImages.PullResult result = engine.images.pull(target, Optional.of(new Credential(USER, PASSWORD, false)), true, null, pulled::add);
        assertThat(result.imageId()).isNotNull();
        assertThat(engine.images.inspect(target.toString()).path("RootFS").path("Layers").toString()).contains(diffIds.get(1));
        assertThat(pulled).extracting(LayerProgress::state).contains(LayerState.DOWNLOADING, LayerState.PULL_COMPLETE);
    }

    @Test
    void aRefusedPushIsOneLineWithoutTheSecret() throws Exception {
        Reference target = Reference.parse(registry.host() + "/team/denied:1");
        engine.images.tag("docker.io/library/app:1", target);
        String wrong = "wrong-password-123";
        assertThatThrownBy(() -> engine.images.push(target, Optional.of(new Credential(USER, wrong, false)), true, e -> { }))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("podman: ").doesNotContain("\n")
                        .doesNotContain(wrong).doesNotContain(PASSWORD).containsIgnoringCase("unauthorized"));
        assertThatThrownBy(() -> engine.images.push(target, Optional.empty(), true, e -> { }))
                .isInstanceOf(EngineException.class).hasMessageContainingAll("unauthorized");
    }

    @Test
    void pullingAnUnknownImageIsOneClearLine() {
        assertThatThrownBy(() -> engine.images.pull(Reference.parse(registry.host() + "/team/nothing:1"),
                Optional.of(new Credential(USER, PASSWORD, false)), true, null, e -> { }))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("podman: ").contains("nothing").doesNotContain("\n"));
    }
}
