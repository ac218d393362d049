package dev.stowage.ui;

import dev.stowage.testing.Cli;
import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.sources.Source;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The sources sidebar (local, containers, registries) and live refresh when the CLI changes the store. */
@ExtendWith(ApplicationExtension.class)
class SourcesAndLiveRefreshTest {
    /** How long a condition may take to come true. */
    private static final int WAIT = 20;

    private DesktopHarness app;
    private Path dir;
    private MainViewModel vm;
    private MainView view;
    private Cli cli;

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.window(Locale.ENGLISH)
                .images(store -> LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD rootfs /").dir("etc").file("etc/passwd", 100, 'a')))
                .beforeShow(view -> {
                    view.sourcesViewModel().setRegistries(() -> new TreeSet<>(List.of("registry.example.com:5000", "ghcr.io")));
                    view.sourcesViewModel().reloadRegistries();
                })
                .watchStore()
                .show(stage, Files.createTempDirectory("stowage-sources-test"));
        dir = app.dir;
        vm = app.vm;
        view = app.view;
        cli = new Cli(app.store.root());
    }

    @AfterEach
    void close() throws IOException {
        app.close();
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
        waitUntil(WAIT, () -> sources.getItems().size() == 4);
        assertThat(fx(() -> List.copyOf(sources.getItems()))).containsExactly(Source.LOCAL, Source.CONTAINERS,
                Source.registry("ghcr.io"), Source.registry("registry.example.com:5000"));
        assertThat(fx(() -> sources.getSelectionModel().getSelectedItem())).isEqualTo(Source.LOCAL);
    }

    @Test
    void aRegistryOpensItsBrowserPage(FxRobot robot) {
        waitUntil(WAIT, () -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        clickSource(robot, "registry.example.com:5000");
        waitUntil(WAIT, () -> robot.lookup("#registryTitle").tryQuery().isPresent());
        assertThat(fx(() -> robot.lookup("#registryTitle").queryAs(Label.class).getText())).isEqualTo("Registry registry.example.com:5000");
        // a name that does not resolve: the catalog's failure is one line on the page
        waitUntil(WAIT, () -> robot.lookup("#catalogStatus").queryAs(Label.class).getText().startsWith("The registry did not list"));
        assertThat(fx(() -> robot.lookup("#catalogStatus").queryAs(Label.class).getText())).doesNotContain("\n");
        clickSource(robot, "Local images");
        waitUntil(WAIT, () -> robot.lookup("#images").tryQuery().isPresent());
    }

    @Test
    void aRegistryPageListsItsCatalog(FxRobot robot) throws Exception {
        waitUntil(WAIT, () -> robot.lookup("#images").queryTableView().getItems().size() == 1);
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
            waitUntil(WAIT, () -> sources.getItems().contains(Source.registry(registry.host())));
            clickSource(robot, registry.host());
            waitUntil(WAIT, () -> !robot.lookup("#repositories").<ListView<String>>query().getItems().isEmpty());
            assertThat(fx(() -> List.copyOf(robot.lookup("#repositories").<ListView<String>>query().getItems())))
                    .containsExactly("team/demo");
            assertThat(fx(() -> robot.lookup("#catalogStatus").queryAs(Label.class).getText()))
                    .isEqualTo("The registry lists 1 repository");
        }
    }

    @Test
    void imagesChangedByTheCliAppearWithoutARefresh(FxRobot robot) {
        waitUntil(WAIT, () -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        assertThat(cli.run("tag", "demo:1", "demo:copy").exitCode()).isZero();
        waitUntil(WAIT, () -> robot.lookup("#images").queryTableView().getItems().size() == 2);
        assertThat(repositories(robot)).containsExactly("demo:1", "demo:copy");
        assertThat(cli.run("rmi", "demo:1").exitCode()).isZero();
        waitUntil(WAIT, () -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        assertThat(repositories(robot)).containsExactly("demo:copy");
    }

    @Test
    void theContainersPageShowsOneToolbar(FxRobot robot) {
        assertThat(fx(() -> robot.lookup("#refresh").query().isVisible())).isTrue();
        clickSource(robot, "Containers");
        waitUntil(WAIT, () -> robot.lookup("#containers").tryQuery().isPresent());
        // the images' own actions give way to the page's toolbar; what works everywhere stays
        for (String id : List.of("#refresh", "#prune", "#remove", "#searchBar")) {
            assertThat(fx(() -> robot.lookup(id).query().isVisible())).as(id).isFalse();
        }
        for (String id : List.of("#import")) {
            assertThat(fx(() -> robot.lookup(id).query().isVisible())).as(id).isTrue();
        }
        clickSource(robot, "Local images");
        waitUntil(WAIT, () -> fx(() -> robot.lookup("#refresh").query().isVisible()));
        assertThat(fx(() -> robot.lookup("#searchBar").query().isVisible())).isTrue();
    }

    @Test
    void containersChangedByTheCliAppearWithoutARefresh(FxRobot robot) {
        clickSource(robot, "Containers");
        waitUntil(WAIT, () -> robot.lookup("#containers").tryQuery().isPresent());
        Cli.Run run = cli.run("create", "--name", "from-cli", "demo:1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        waitUntil(WAIT, () -> robot.lookup("#containers").queryTableView().getItems().size() == 1);
        assertThat(cli.run("rm", "from-cli").exitCode()).isZero();
        waitUntil(WAIT, () -> robot.lookup("#containers").queryTableView().getItems().isEmpty());
    }
}
