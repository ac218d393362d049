package dev.stowage.ui;

import dev.stowage.engine.EngineSource;
import dev.stowage.engine.ImageSource;
import dev.stowage.image.Descriptor;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.PodmanService;
import dev.stowage.testing.RegistryServer;
import dev.stowage.progress.LayerState;
import dev.stowage.ui.dialogs.PullDialog;
import dev.stowage.ui.dialogs.PushDialog;
import javafx.scene.control.ComboBox;
import okhttp3.Request;
import okhttp3.Response;
import dev.stowage.ui.images.EngineLocation;
import dev.stowage.ui.sources.Source;
import javafx.concurrent.Task;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.stowage.ui.DesktopHarness.click;
import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.node;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app beside a real Podman engine (started by the test on a private socket found through
 * $XDG_RUNTIME_DIR/podman/podman.sock): the engine in the sidebar, its images and details, tag and remove
 * through the engine, push and pull by the engine through the same dialogs (a real registry), copies engine →
 * store and store → engine with equal layer digests, and no engine entry
 * (and no error dialog) when nothing answers.
 */
@ExtendWith(ApplicationExtension.class)
class EngineWindowTest {
    @TempDir
    static Path shared;
    static PodmanService podman;
    /** The test's own view of the engine, to check what the app did there. */
    static ImageSource engine;

    private DesktopHarness app;

    @BeforeAll
    static void startEngine() throws Exception {
        podman = PodmanService.startAt(shared.resolve("p"), shared.resolve("runtime/podman/podman.sock"));
        Path archive = ImageArchives.ociArchive(shared.resolve("web.tar"), "docker.io/library/web:1", List.of("/bin/web", "--port", "80"),
                ImageArchives.layer(Map.of("etc/os", "web")), ImageArchives.layer(Map.of("srv/index.html", "hello")));
        podman.podman("load", "-i", archive.toString()).assertOk();
        engine = EngineSource.discover(Map.of("HOME", Files.createDirectories(shared.resolve("home")).toString(),
                "XDG_RUNTIME_DIR", shared.resolve("runtime").toString())).get(0);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        if (engine != null) engine.close();
        if (podman != null) podman.close();
    }

    @Start
    void start(Stage stage) throws IOException {
        Path dir = Files.createTempDirectory("stowage-engine-ui");
        Path archive = ImageArchives.ociArchive(dir.resolve("local.tar"), "docker.io/library/local:1", List.of("/bin/local"),
                ImageArchives.layer(Map.of("etc/os", "local")), ImageArchives.layer(Map.of("opt/app", "from the store")));
        app = new DesktopHarness(stage, dir, Locale.ENGLISH, "light", archive);
    }

    @AfterEach
    void close() throws IOException {
        fx(() -> {
            app.view.sourcesViewModel().close();
            return null;
        });
        app.close();
    }

    /** Looks for engines as the app does at start, with the harness's environment pointing at {@code runtime}. */
    private Task<List<EngineLocation>> findEngines(Path runtime) {
        app.env.put("XDG_RUNTIME_DIR", runtime.toString());
        return fx(() -> {
            app.view.sourcesViewModel().setEngines(StowageApp.engineFinder(app.env, app.vm.messages()));
            return app.view.sourcesViewModel().reloadEngines();
        });
    }

    private ListView<Source> sidebar(FxRobot robot) {
        return node(robot, "#sources");
    }

    /** Finds the engine, selects it in the sidebar and waits for its images. */
    private EngineLocation showEngine(FxRobot robot) {
        findEngines(shared.resolve("runtime"));
        ListView<Source> sources = sidebar(robot);
        waitUntil(60, () -> sources.getItems().stream().anyMatch(s -> s.kind() == Source.Kind.ENGINE));
        Source source = fx(() -> sources.getItems().stream().filter(s -> s.kind() == Source.Kind.ENGINE).findFirst().orElseThrow());
        click(robot, "#source-engine-podman");
        waitUntil(30, () -> app.vm.location() == source.engine()
                && app.table().getItems().stream().anyMatch(r -> r.repository().equals("web")));
        return source.engine();
    }

    @Test
    void engineImagesListWithTheirDetailsAndLayers(FxRobot robot) throws Exception {
        EngineLocation location = showEngine(robot);
        assertThat(location.name()).isEqualTo("podman");
        ListCell<?> cell = node(robot, "#source-engine-podman");
        assertThat(fx(() -> cell.getTooltip().getText())).startsWith("Podman ").contains(podman.address());
        ImageRow row = app.select(robot, "web");
        String id = engine.details("docker.io/library/web:1").id();
        assertThat(row.id()).isEqualTo(id);
        assertThat(row.tag()).isEqualTo("1");
        assertThat(row.image()).isNull();

        waitUntil(30, () -> id.equals(robot.lookup("#detail-id").queryAs(Label.class).getText()));
        assertThat(fx(() -> robot.lookup("#detail-cmd").queryAs(Label.class).getText())).isEqualTo("/bin/web --port 80");
        assertThat(fx(() -> robot.lookup("#detail-names").queryAs(Label.class).getText())).isEqualTo("web:1");
        assertThat(fx(() -> robot.lookup("#history").queryTableView().getItems().size())).isEqualTo(2);

        // Inspect: the engine's own inspect JSON, as `stowage --engine podman inspect` prints it
        ListView<?> inspect = node(robot, "#inspect-lines");
        waitUntil(30, () -> !inspect.getItems().isEmpty());
        String shown = fx(() -> String.join("\n", inspect.getItems().stream().map(String::valueOf).toList()));
        assertThat(shown).isEqualTo(dev.stowage.image.InspectDocument.text(List.of(engine.details(id).inspect())));
        assertThat(shown).contains("\"GraphDriver\"");

        // Layers: streamed out of the engine into a throwaway store, read there
        Tab layersTab = fx(() -> app.view.layersView().tab());
        robot.interact(() -> layersTab.getTabPane().getSelectionModel().select(layersTab));
        var layers = app.view.layersView().viewModel();
        waitUntil(60, () -> layers.analysisProperty().get() != null);
        assertThat(fx(() -> layers.analysisProperty().get().layers().layers().size())).isEqualTo(2);
        assertThat(fx(() -> layers.imageProperty().get())).isEqualTo(id);
        try (var temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(temp.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("stowage-engine-layers-"));
        }

        // Local images again: the store's rows
        click(robot, "#source-local");
        waitUntil(30, () -> app.vm.location() == app.vm.storeLocation()
                && app.table().getItems().stream().anyMatch(r -> r.repository().equals("local")));
        assertThat(fx(() -> app.table().getItems().stream().noneMatch(r -> r.repository().equals("web")))).isTrue();
    }

    @Test
    void tagAndRemoveGoThroughTheEngine(FxRobot robot) throws Exception {
        showEngine(robot);
        app.select(robot, "web");
        fx(() -> app.actions.tag());
        waitUntil(10, () -> robot.lookup("#tagDialog").tryQuery().isPresent());
        TextField target = node(robot, "#tagTarget");
        robot.interact(() -> target.setText("example.com/team/web:2"));
        click(robot, "#tagOk");
        waitUntil(30, () -> app.table().getItems().stream().anyMatch(r -> r.repository().equals("example.com/team/web")));
        assertThat(engine.details("example.com/team/web:2").id()).isEqualTo(engine.details("docker.io/library/web:1").id());
        assertThat(ImageResolver.of(app.store).find("example.com/team/web:2")).isEmpty();

        app.select(robot, "example.com/team/web");
        fx(() -> app.actions.remove());
        waitUntil(10, () -> robot.lookup("#removeDialog").tryQuery().isPresent());
        waitUntil(10, () -> !robot.lookup("#removeOk").queryButton().isDisable());
        assertThat(fx(() -> robot.lookup("#removeFreed").queryAs(Label.class).getText())).contains("podman");
        click(robot, "#removeOk");
        waitUntil(30, () -> app.table().getItems().stream().noneMatch(r -> r.repository().equals("example.com/team/web")));
        assertThat(engine.images()).noneMatch(i -> i.repoTags().contains("example.com/team/web:2"));
        assertThat(engine.images()).anyMatch(i -> i.repoTags().contains("docker.io/library/web:1"));
    }

    @Test
    void pushAndPullThroughTheEngineWithLayerProgress(FxRobot robot) throws Exception {
        showEngine(robot);
        try (RegistryServer registry = RegistryServer.plain(app.dir.resolve("registry"))) {
            String target = registry.host() + "/team/web:5";
            app.select(robot, "web");
            PushDialog push = fx(() -> app.actions.push());
            robot.interact(() -> robot.lookup("#pushTarget").<ComboBox<String>>query().getEditor().setText(target));
            click(robot, "#pushOk");
            waitUntil(120, () -> ("Pushed " + target).equals(app.vm.infoMessageProperty().get()));
            assertThat(fx(() -> push.progress().rows().stream().map(r -> r.stateProperty().get()).toList()))
                    .hasSizeGreaterThanOrEqualTo(2).containsOnly(LayerState.PUSHED);
            Request manifest = new Request.Builder().url(registry.baseUrl().resolve("/v2/team/web/manifests/5").toString())
                    .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                    .build();
            try (Response response = registry.httpClient().newCall(manifest).execute()) {
                assertThat(response.code()).isEqualTo(200);
            }
            click(robot, "#pushClose");
            waitUntil(10, () -> robot.lookup("#pushDialog").tryQuery().isEmpty());

            // the engine forgets the name, then pulls it back through the Pull dialog
            engine.remove(target, false);
            assertThat(engine.images()).noneMatch(i -> i.repoTags().contains(target));
            PullDialog pull = fx(() -> app.actions.pull(target));
            click(robot, "#pullOk");
            waitUntil(120, () -> ("Pulled " + target).equals(app.vm.infoMessageProperty().get()));
            assertThat(fx(() -> pull.progress().rows().size())).isGreaterThanOrEqualTo(2);
            assertThat(engine.details(target).layers()).isEqualTo(engine.details("docker.io/library/web:1").layers());
            assertThat(ImageResolver.of(app.store).find(target)).isEmpty();
            waitUntil(30, () -> app.table().getItems().stream().anyMatch(r -> r.repository().equals(registry.host() + "/team/web")));
        }
    }

    @Test
    void storeOnlyActionsAreOffForEngineImages(FxRobot robot) {
        showEngine(robot);
        app.select(robot, "web");
        List<String> enabled = fx(() -> app.table().getContextMenu().getItems().stream()
                .filter(i -> i.getId() != null && !i.isDisable()).map(MenuItem::getId).toList());
        assertThat(enabled).containsExactly("menu-tag", "menu-push", "menu-copyTo", "menu-copyId", "menu-copyDigest", "menu-remove");
    }

    @Test
    void dropOnLocalImagesCopiesEngineToStore(FxRobot robot) throws Exception {
        showEngine(robot);
        app.select(robot, "web");
        Task<Integer> copy = fx(() -> app.view.dropRows(Source.LOCAL));
        waitUntil(120, () -> copy.getState() == javafx.concurrent.Worker.State.SUCCEEDED);
        assertThat(fx(copy::getValue)).isEqualTo(1);
        LocalImage copied = ImageResolver.of(app.store).resolve("web:1");
        assertThat(copied.id().toString()).isEqualTo(engine.details("web:1").id());
        assertThat(copied.manifest().layers().stream().map(Descriptor::digest).map(Object::toString).toList())
                .isEqualTo(engine.details("web:1").layers());
        assertThat(fx(() -> app.vm.infoMessageProperty().get())).isEqualTo("Copied 1 image to Local images");

        click(robot, "#source-local");
        waitUntil(30, () -> app.table().getItems().stream().anyMatch(r -> r.repository().equals("web")));
    }

    @Test
    void copyToEngineFromTheStoresContextMenu(FxRobot robot) throws Exception {
        EngineLocation location = showEngine(robot);
        click(robot, "#source-local");
        waitUntil(30, () -> app.table().getItems().stream().anyMatch(r -> r.repository().equals("local")));
        app.select(robot, "local");
        // the table's own context menu, opened where the row is (headless Monocle sends no context-menu event)
        robot.interact(() -> app.table().getContextMenu().show(app.table(), javafx.geometry.Side.TOP, 40, 60));
        waitUntil(10, () -> app.table().getContextMenu().isShowing());
        javafx.scene.control.Menu copyTo = fx(() -> (javafx.scene.control.Menu) app.table().getContextMenu().getItems().stream()
                .filter(i -> "menu-copyTo".equals(i.getId())).findFirst().orElseThrow());
        assertThat(fx(() -> copyTo.getItems().stream().map(MenuItem::getId).toList())).containsExactly("copyTo-podman");
        assertThat(fx(() -> copyTo.getItems().get(0).getText())).isEqualTo("podman");
        robot.interact(() -> {
            app.table().getContextMenu().hide();
            copyTo.getItems().get(0).fire();
        });
        waitUntil(120, () -> "Copied 1 image to podman".equals(app.vm.infoMessageProperty().get()));
        LocalImage local = ImageResolver.of(app.store).resolve("local:1");
        assertThat(engine.details("docker.io/library/local:1").layers())
                .isEqualTo(local.config().diffIds().stream().map(Object::toString).toList());
        assertThat(engine.details("docker.io/library/local:1").id()).isEqualTo(local.id().toString());

        click(robot, "#source-engine-podman");
        waitUntil(30, () -> app.vm.location() == location
                && app.table().getItems().stream().anyMatch(r -> r.repository().equals("local")));
    }

    @Test
    void noEngineReachableMeansNoEntryAndNoDialogUntilF5FindsOne(FxRobot robot) throws Exception {
        Path empty = Files.createDirectories(app.dir.resolve("no-engine-runtime"));
        app.env.put("DOCKER_HOST", "unix://" + empty.resolve("docker.sock"));
        Task<List<EngineLocation>> found = findEngines(empty);
        waitUntil(30, () -> found.isDone());
        assertThat(fx(found::getValue)).isEmpty();
        assertThat(fx(() -> List.copyOf(sidebar(robot).getItems()))).containsExactly(Source.LOCAL, Source.CONTAINERS);
        assertThat(fx(() -> app.vm.errorMessageProperty().get())).isNull();
        assertThat(fx(() -> javafx.stage.Window.getWindows().size())).isEqualTo(1);
        assertThat(fx(() -> app.table().getItems().stream().anyMatch(r -> r.repository().equals("local")))).isTrue();

        // the engine starts answering (here: the environment now points at it); F5 looks again
        app.env.remove("DOCKER_HOST");
        app.env.put("XDG_RUNTIME_DIR", shared.resolve("runtime").toString());
        robot.clickOn("#images");
        robot.press(javafx.scene.input.KeyCode.F5).release(javafx.scene.input.KeyCode.F5);
        waitUntil(60, () -> sidebar(robot).getItems().stream().anyMatch(s -> s.kind() == Source.Kind.ENGINE && s.registry().equals("podman")));
        assertThat(fx(() -> sidebar(robot).getSelectionModel().getSelectedItem())).isEqualTo(Source.LOCAL);
    }
}
