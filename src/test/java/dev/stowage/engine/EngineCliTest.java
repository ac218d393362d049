package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Json;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.PodmanService;
import dev.stowage.testing.RegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI with --engine against a real Podman: the image commands, copy both ways, commit, save/load, push. */
class EngineCliTest {
    @TempDir
    static Path dir;
    static PodmanService podman;
    static Cli cli;
    static String engine;

    @BeforeAll
    static void start() throws Exception {
        podman = PodmanService.start(dir.resolve("podman"));
        engine = podman.address();
        Path home = Files.createDirectories(dir.resolve("home"));
        cli = new Cli(dir.resolve("store"), Map.of("HOME", home.toString(), "DOCKER_CONFIG", home.resolve(".docker").toString(),
                "XDG_RUNTIME_DIR", Files.createDirectories(dir.resolve("runtime")).toString(), "DOCKER_HOST", engine));
        Path archive = ImageArchives.ociArchive(dir.resolve("web.tar"), "docker.io/library/web:1", List.of("/bin/web"),
                ImageArchives.layer(Map.of("etc/os", "web")), ImageArchives.layer(Map.of("srv/index.html", "<h1>hi</h1>")));
        podman.podman("load", "-i", archive.toString()).assertOk();
    }

    @AfterAll
    static void stop() throws Exception {
        if (podman != null) podman.close();
    }

    private static Cli.Run ok(String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as("stowage %s: %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    private static List<String> engineLayers(String image) {
        JsonNode inspect = Json.parseAny(ok("--engine", engine, "inspect", image).out().getBytes(StandardCharsets.UTF_8), "inspect");
        List<String> layers = new ArrayList<>();
        inspect.get(0).path("RootFS").path("Layers").forEach(l -> layers.add(l.asText()));
        return layers;
    }

    @Test
    void enginesListsDockerHostWithWhatItIs() {
        Cli.Run table = ok("engines");
        assertThat(table.out()).contains("NAME").contains("DOCKER_HOST").contains(engine).contains("Podman");
        JsonNode json = Json.parseAny(ok("engines", "--format", "json").out().getBytes(StandardCharsets.UTF_8), "engines");
        assertThat(json).hasSize(1);
        assertThat(json.get(0).path("Name").asText()).isEqualTo("DOCKER_HOST");
        assertThat(json.get(0).path("Reachable").asBoolean()).isTrue();
        assertThat(json.get(0).path("Kind").asText()).isEqualTo("Podman");
        assertThat(json.get(0).path("ApiVersion").asText()).matches("1\\.\\d+");
    }

    @Test
    void imagesTagHistoryRmiOnTheEngine() {
        assertThat(ok("--engine", engine, "images").out()).contains("web").contains("1");
        ok("--engine", engine, "tag", "web:1", "example.com/site/web:2");
        JsonNode rows = Json.parseAny(ok("--engine", "DOCKER_HOST", "images", "--format", "json").out().getBytes(StandardCharsets.UTF_8), "images");
        assertThat(rows.findValuesAsText("Reference")).contains("example.com/site/web:2", "docker.io/library/web:1");
        assertThat(ok("--engine", engine, "history", "example.com/site/web:2").out()).contains("layer 2").contains("layer 1");
        Cli.Run rmi = ok("--engine", engine, "rmi", "example.com/site/web:2");
        assertThat(rmi.out()).contains("Untagged: example.com/site/web:2");
        Cli.Run missing = cli.run("--engine", engine, "rmi", "example.com/site/web:2");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("Error: ").doesNotContain("\n").contains("web");
    }

    @Test
    void copiesBetweenTheEngineAndARegistryOrAnArchiveAndReadsItsLayersInPlace() throws Exception {
        List<String> layers = engineLayers("web:1");
        try (dev.stowage.testing.RegistryServer registry = dev.stowage.testing.RegistryServer.plain(dir.resolve("reg"))) {
            String pushed = registry.host() + "/team/web:1";
            ok("copy", "engine:web:1", "docker://" + pushed);
            JsonNode config = Json.parseAny(dev.stowage.testing.Tools.run(dir, "skopeo", "inspect", "--config", "--tls-verify=false",
                    "docker://" + pushed).assertOk().stdout().getBytes(StandardCharsets.UTF_8), "config");
            List<String> diffIds = new ArrayList<>();
            config.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
            assertThat(diffIds).isEqualTo(layers);

            ok("copy", "docker://" + pushed, "engine=DOCKER_HOST:example.com/from-registry/web:3");
            assertThat(engineLayers("example.com/from-registry/web:3")).isEqualTo(layers);
        }
        Path file = dir.resolve("from-engine.tar");
        ok("copy", "engine:web:1", "docker-archive:" + file);
        JsonNode config = Json.parseAny(dev.stowage.testing.Tools.run(dir, "skopeo", "inspect", "--config",
                "docker-archive:" + file).assertOk().stdout().getBytes(StandardCharsets.UTF_8), "config");
        assertThat(config.path("rootfs").path("diff_ids").get(1).asText()).isEqualTo(layers.get(1));
        assertThat(ok("tree", "engine:web:1").out()).contains("index.html");
        try (java.util.stream.Stream<Path> left = Files.list(cli.store().resolve("tmp"))) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("engine-"))).isEmpty();
        }
    }

    @Test
    void copiesEngineToStoreAndBackWithTheSameLayers() throws Exception {
        Cli.Run in = ok("--engine", engine, "copy", "engine:web:1", "store:");
        assertThat(in.out()).contains("Loaded image: web:1");
        LocalImage image = ImageResolver.of(Store.open(cli.store())).resolve("web:1");
        List<String> stored = image.manifest().layers().stream().map(Descriptor::digest).map(Object::toString).toList();
        assertThat(stored).isEqualTo(engineLayers("web:1"));

        Cli.Run out = ok("copy", "store:web:1", "engine:example.com/copied/web:9");   // engine from DOCKER_HOST
        assertThat(out.out()).contains("example.com/copied/web:9");
        assertThat(engineLayers("example.com/copied/web:9")).isEqualTo(stored);

        Cli.Run same = cli.run("copy", "store:web:1", "store:");
        assertThat(same.exitCode()).isEqualTo(1);
        assertThat(same.err()).startsWith("Error: copy needs two places, not the store twice");
    }

    @Test
    void saveThenLoadThroughTheEngine() throws Exception {
        Path file = dir.resolve("saved.tar");
        ok("--engine", engine, "save", "-o", file.toString(), "web:1");
        assertThat(Files.size(file)).isPositive();
        ok("--engine", engine, "rmi", "-f", "web:1");
        assertThat(ok("--engine", engine, "load", "-i", file.toString()).out()).contains("Loaded image").contains("web:1");
        ok("load", "-i", file.toString());      // the engine's archive loads into the store as well
        assertThat(ok("images").out()).contains("web");

        Path none = dir.resolve("none.tar");
        Cli.Run missing = cli.run("--engine", engine, "save", "-o", none.toString(), "nothing:1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("Error: ").contains("nothing").doesNotContain("\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("none.tar"));
        }
    }

    @Test
    void commitsAnEngineContainer() throws Exception {
        podman.podman("create", "--name", "clicommit", "docker.io/library/web:1").assertOk();
        Cli.Run commit = ok("--engine", engine, "commit", "-a", "Ann <ann@example.com>", "-m", "from the cli",
                "-c", "CMD [\"/bin/web\", \"--port\", \"80\"]", "clicommit", "example.com/site/committed:1");
        assertThat(commit.out().strip()).matches("sha256:[0-9a-f]{64}");
        JsonNode inspect = Json.parseAny(ok("--engine", engine, "inspect", "example.com/site/committed:1").out()
                .getBytes(StandardCharsets.UTF_8), "inspect").get(0);
        assertThat(inspect.path("Author").asText()).isEqualTo("Ann <ann@example.com>");
        assertThat(inspect.path("Config").path("Cmd").toString()).isEqualTo("[\"/bin/web\",\"--port\",\"80\"]");
        assertThat(ok("--engine", engine, "ps", "-a").out()).contains("clicommit");
    }

    @Test
    void pushesFromTheEngineWithPerLayerLines() throws Exception {
        try (RegistryServer registry = RegistryServer.plain(dir.resolve("registry"))) {
            String target = registry.host() + "/site/web:1";
            ok("--engine", engine, "tag", "web:1", target);
            Cli.Run push = ok("--engine", engine, "push", target);
            assertThat(push.out()).startsWith("The push refers to repository [" + registry.host() + "/site/web]");
            for (String layer : engineLayers(target)) {
                String id = layer.substring(7, 19);
                assertThat(push.out()).contains(id + ": Pushing").contains(id + ": Pushed");
            }
            Cli.Run pull = ok("pull", target);    // into the store, from what the engine pushed
            assertThat(pull.out()).contains(target);
            ok("--engine", engine, "rmi", target);
            Cli.Run enginePull = ok("--engine", engine, "pull", target);
            assertThat(enginePull.out()).contains("Pulling from site/web").contains(": Pull complete").endsWith(target + System.lineSeparator());
            assertThat(engineLayers(target)).isEqualTo(engineLayers("web:1"));
        }
    }

    @Test
    void layerViewsReadEngineImagesThroughAStreamedSave() throws Exception {
        Cli.Run layers = ok("--engine", engine, "layers", "web:1");
        for (String layer : engineLayers("web:1")) assertThat(layers.out()).contains(layer.substring(7, 19));
        Cli.Run tree = ok("--engine", engine, "tree", "--layer", "1", "--format", "json", "web:1");
        assertThat(tree.out()).contains("srv/index.html");
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("stowage-engine-view-"));
        }
    }

    @Test
    void storeOnlyCommandsSaySo() {
        Cli.Run verify = cli.run("--engine", engine, "verify");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(verify.err()).startsWith("Error: 'verify' works on the store only");
    }
}
