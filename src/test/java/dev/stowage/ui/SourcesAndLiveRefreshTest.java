package dev.stowage.ui;

import dev.stowage.container.Containers;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.sources.Source;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sources sidebar (local, containers, registries) and live refresh when the CLI changes the store. */
@ExtendWith(ApplicationExtension.class)
class SourcesAndLiveRefreshTest {
    private Path dir;
    private Store store;
    private StoreService service;
    private MainViewModel vm;
    private MainView view;
    private StoreWatcher watcher;
    private Cli cli;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("stowage-sources-test");
        store = Store.open(dir.resolve("store"));
        cli = new Cli(store.root());
        LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD rootfs /").dir("etc").file("etc/passwd", 100, 'a'));
        Messages messages = new Messages(Locale.ENGLISH);
        StowageApp.applyTheme();
        service = new StoreService(store, messages);
        vm = new MainViewModel(service, messages);
        view = new MainView(vm);
        view.sourcesViewModel().setRegistries(() -> new TreeSet<>(List.of("registry.example.com:5000", "ghcr.io")));
        view.sourcesViewModel().reloadRegistries();
        stage.setScene(view.createScene());
        stage.show();
        vm.refresh();
        watcher = new StoreWatcher(store.root(), () -> Platform.runLater(view::reload)).start();
    }

    @AfterEach
    void close() throws IOException {
        watcher.close();
        service.close();
        for (var c : new Containers(store).list()) new Containers(store).remove(c);
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        }
    }

    private static <T> T fx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void waitUntil(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> fx(condition));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("condition not met within 20 s", e);
        }
    }

    private List<String> repositories(FxRobot robot) {
        return fx(() -> robot.lookup("#images").queryTableView().getItems().stream()
                .map(r -> ((ImageRow) r).repository() + ":" + ((ImageRow) r).tag()).sorted().toList());
    }

    private void clickSource(FxRobot robot, String text) {
        robot.clickOn(robot.lookup("#sources").lookup((Node n) -> n instanceof Labeled l && text.equals(l.getText())).<Node>query());
    }

    @Test
    void theSidebarListsLocalImagesContainersAndTheConfiguredRegistries(FxRobot robot) {
        ListView<Source> sources = robot.lookup("#sources").query();
        waitUntil(() -> sources.getItems().size() == 4);
        assertThat(fx(() -> List.copyOf(sources.getItems()))).containsExactly(Source.LOCAL, Source.CONTAINERS,
                Source.registry("ghcr.io"), Source.registry("registry.example.com:5000"));
        assertThat(fx(() -> sources.getSelectionModel().getSelectedItem())).isEqualTo(Source.LOCAL);
    }

    @Test
    void aRegistryShowsTheRepositoriesTheStoreKnowsFromIt(FxRobot robot) {
        waitUntil(() -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        assertThat(cli.run("tag", "demo:1", "registry.example.com:5000/team/demo:2").exitCode()).isZero();
        waitUntil(() -> vm.rows().size() == 2);
        clickSource(robot, "registry.example.com:5000");
        waitUntil(() -> robot.lookup("#registryTitle").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#registryTitle").queryAs(Label.class).getText())).isEqualTo("Registry registry.example.com:5000");
        assertThat(fx(() -> List.copyOf(robot.lookup("#registryRepositories").<ListView<String>>query().getItems())))
                .containsExactly("registry.example.com:5000/team/demo:2");
        clickSource(robot, "ghcr.io");
        waitUntil(() -> robot.lookup("#registryTitle").queryAs(Label.class).getText().equals("Registry ghcr.io"));
        assertThat(fx(() -> robot.lookup("#registryRepositories").<ListView<String>>query().getItems())).isEmpty();
    }

    @Test
    void aRegistryListsItsCatalogOnRequest(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        try (dev.stowage.testing.RegistryServer registry = dev.stowage.testing.RegistryServer.plain(dir.resolve("registry"))) {
            String ref = registry.host() + "/team/demo:1";
            assertThat(cli.run("tag", "demo:1", ref).exitCode()).isZero();
            Cli.Run push = cli.run("push", "-q", ref);
            assertThat(push.exitCode()).as(push.err()).isZero();
            robot.interact(() -> {
                view.sourcesViewModel().setRegistries(() -> new TreeSet<>(List.of(registry.host())));
                view.sourcesViewModel().reloadRegistries();
            });
            ListView<Source> sources = robot.lookup("#sources").query();
            waitUntil(() -> sources.getItems().contains(Source.registry(registry.host())));
            clickSource(robot, registry.host());
            waitUntil(() -> robot.lookup("#registryCatalog").tryQuery().isPresent());
            robot.clickOn("#registryCatalog");
            waitUntil(() -> !robot.lookup("#registryCatalogList").<ListView<String>>query().getItems().isEmpty());
            assertThat(fx(() -> List.copyOf(robot.lookup("#registryCatalogList").<ListView<String>>query().getItems())))
                    .containsExactly("team/demo");
            assertThat(fx(() -> robot.lookup("#registryCatalogStatus").queryAs(Label.class).getText()))
                    .isEqualTo("The registry lists 1 repository");
            // the repositories the store knows from it
            assertThat(fx(() -> List.copyOf(robot.lookup("#registryRepositories").<ListView<String>>query().getItems())))
                    .containsExactly(ref);
        }
    }

    @Test
    void imagesChangedByTheCliAppearWithoutARefresh(FxRobot robot) {
        waitUntil(() -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        assertThat(cli.run("tag", "demo:1", "demo:copy").exitCode()).isZero();
        waitUntil(() -> robot.lookup("#images").queryTableView().getItems().size() == 2);
        assertThat(repositories(robot)).containsExactly("demo:1", "demo:copy");
        assertThat(cli.run("rmi", "demo:1").exitCode()).isZero();
        waitUntil(() -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        assertThat(repositories(robot)).containsExactly("demo:copy");
    }

    @Test
    void containersChangedByTheCliAppearWithoutARefresh(FxRobot robot) {
        clickSource(robot, "Containers");
        waitUntil(() -> robot.lookup("#containers").tryQuery().isPresent());
        Cli.Run run = cli.run("create", "--name", "from-cli", "demo:1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        waitUntil(() -> robot.lookup("#containers").queryTableView().getItems().size() == 1);
        assertThat(cli.run("rm", "from-cli").exitCode()).isZero();
        waitUntil(() -> robot.lookup("#containers").queryTableView().getItems().isEmpty());
    }
}
