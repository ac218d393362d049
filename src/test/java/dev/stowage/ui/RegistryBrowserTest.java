package dev.stowage.ui;

import dev.stowage.image.Digest;
import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistrySettings;
import dev.stowage.store.ImageResolver;
import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.RegistryServer;
import dev.stowage.ui.registry.TagRow;
import dev.stowage.ui.sources.Source;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static dev.stowage.ui.DesktopHarness.click;
import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry browser page against Debian's docker-registry: repositories (filtered), a repository's tags with
 * their details, a tag's Overview, History and Layers, Pull and Delete tag from the page, a registry that refuses
 * deletion and a repository the token does not grant, and the first screen of a repository of 300 tags without
 * the FX thread stalling.
 */
@ExtendWith(ApplicationExtension.class)
class RegistryBrowserTest {
    private DesktopHarness app;
    private Path dir;
    private Cli cli;

    @Start
    void start(Stage stage) throws IOException {
        dir = Files.createTempDirectory("stowage-registry-browser");
        Path base = ImageArchives.layer(dir, "etc/base.txt", "base ".repeat(20000));
        Path a = ImageArchives.layer(dir, "a.txt", "only in a ".repeat(9000));
        Path b = ImageArchives.layer(dir, "b.txt", "only in b ".repeat(7000));
        Path archive = ImageArchives.dockerArchive(dir.resolve("ab.tar"), List.of(
                new ImageArchives.Image("app/a:1", "Alice", List.of(base, a)),
                new ImageArchives.Image("app/b:1", "Bob", List.of(base, b))));
        app = new DesktopHarness(stage, dir, Locale.ENGLISH, "light", archive);
        cli = new Cli(app.store.root()).withEnv(app.env);
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    private void push(String image, String target) {
        cli.ok("tag", image, target);
        cli.ok("push", "-q", target);
    }

    private void showRegistry(FxRobot robot, String host) {
        robot.interact(() -> {
            app.view.sourcesViewModel().setRegistries(() -> new TreeSet<>(List.of(host)));
            app.view.sourcesViewModel().reloadRegistries();
        });
        waitUntil(20, () -> app.view.sourcesViewModel().sources().contains(Source.registry(host)));
        robot.interact(() -> app.view.sourcesViewModel().selectedProperty().set(Source.registry(host)));
        waitUntil(20, () -> robot.lookup("#registryBrowser").tryQuery().isPresent());
    }

    private static List<String> repositories(FxRobot robot) {
        return fx(() -> List.copyOf(robot.lookup("#repositories").<ListView<String>>query().getItems()));
    }

    private static TableView<TagRow> tags(FxRobot robot) {
        return fx(() -> robot.lookup("#tags").<TableView<TagRow>>query());
    }

    private static String text(FxRobot robot, String id) {
        return fx(() -> ((Labeled) robot.lookup(id).query()).getText());
    }

    private static void clickText(FxRobot robot, String container, String text) {
        // the list's items change before its cells are laid out on the next pulse
        waitUntil(10, () -> robot.lookup(container).lookup((Node n) -> n instanceof Labeled l && text.equals(l.getText())).tryQuery().isPresent());
        robot.clickOn(robot.lookup(container).lookup((Node n) -> n instanceof Labeled l && text.equals(l.getText())).<Node>query());
    }

    private static RegistryApi api(String host) {
        return new RegistryApi(new RegistryClient(host, Optional.empty(), RegistrySettings.load(Map.of(), List.of())));
    }

    @Test
    void browseFilterDetailsPullAndDelete(FxRobot robot) throws Exception {
        try (RegistryServer server = RegistryServer.plain(dir.resolve("registry"))) {
            String host = server.host();
            push("app/a:1", host + "/team/app:1");
            push("app/a:1", host + "/team/app:2");
            push("app/b:1", host + "/team/app:3");
            push("app/a:1", host + "/team/web:1");
            push("app/b:1", host + "/other/tool:1");
            Digest digestA = api(host).resolveDigest("team/app", "1");
            Digest digestB = api(host).resolveDigest("team/app", "3");
            showRegistry(robot, host);

            // repositories, then filtered as one types
            waitUntil(20, () -> repositories(robot).size() == 3);
            assertThat(repositories(robot)).containsExactly("other/tool", "team/app", "team/web");
            assertThat(text(robot, "#catalogStatus")).isEqualTo("The registry lists 3 repositories");
            robot.clickOn("#repositoryFilter").write("team");
            waitUntil(10, () -> repositories(robot).size() == 2);
            assertThat(repositories(robot)).containsExactly("team/app", "team/web");

            // a repository's tags, each with its digest, platform, compressed size and creation time
            clickText(robot, "#repositories", "team/app");
            waitUntil(20, () -> tags(robot).getItems().size() == 3
                    && tags(robot).getItems().stream().allMatch(r -> r.details() != null));
            List<TagRow> rows = fx(() -> List.copyOf(tags(robot).getItems()));
            assertThat(rows).extracting(TagRow::tag).containsExactly("1", "2", "3");
            assertThat(rows).extracting(r -> r.details().digest()).containsExactly(digestA, digestA, digestB);
            assertThat(rows.get(0).details().platforms()).containsExactly("linux/amd64");
            assertThat(rows.get(0).details().compressedSize()).isGreaterThan(0);
            assertThat(rows.get(0).details().created()).isNotNull();
            assertThat(text(robot, "#tagsStatus")).isEqualTo("3 tags");

            // a tag's details: Overview, History, Layers with their sizes
            robot.interact(() -> tags(robot).getSelectionModel().select(0));
            waitUntil(10, () -> text(robot, "#remote-digest").equals(digestA.toString()));
            assertThat(text(robot, "#remote-reference")).isEqualTo(host + "/team/app:1");
            assertThat(text(robot, "#remote-author")).isEqualTo("Alice");
            assertThat(fx(() -> robot.lookup("#remoteHistory").queryTableView().getItems())).isNotEmpty();
            var layers = fx(() -> List.copyOf(robot.lookup("#remoteLayers").<TableView<dev.stowage.image.Descriptor>>query().getItems()));
            var manifest = dev.stowage.image.Manifest.parse(api(host).getManifest("team/app", digestA.toString()).bytes(), null);
            assertThat(layers).isEqualTo(manifest.layers()).hasSize(2);
            assertThat(text(robot, "#remoteLayersTotal")).isNotBlank();

            click(robot, "#tagCopyReference");
            assertThat(text(robot, "#tagsStatus")).contains(host + "/team/app:1");

            // pull from the page: the Pull dialog with the reference filled in
            click(robot, "#tagPull");
            waitUntil(10, () -> robot.lookup("#pullDialog").tryQuery().isPresent());
            assertThat(fx(() -> robot.lookup("#pullReference").<TextField>query().getText())).isEqualTo(host + "/team/app:1");
            click(robot, "#pullOk");
            waitUntil(60, () -> robot.lookup("#pullResult").query().isVisible());
            waitUntil(10, () -> {
                try {
                    return ImageResolver.of(app.store).resolve(host + "/team/app:1") != null;
                } catch (RuntimeException e) {
                    return false;
                }
            });
            robot.interact(() -> robot.lookup("#pullDialog").query().getScene().getWindow().hide());

            // delete tag 2: the confirmation names 1 and 2, which share its digest; 3 stays
            robot.interact(() -> tags(robot).getSelectionModel().select(1));
            click(robot, "#tagDelete");
            waitUntil(20, () -> robot.lookup("#deleteTagDialog").tryQuery().isPresent());
            String question = fx(() -> robot.lookup("#deleteTagDialog").<javafx.scene.control.DialogPane>query().getContentText());
            assertThat(question).contains(digestA.toString()).endsWith(": 1, 2");
            robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#deleteTagDialog").<javafx.scene.control.DialogPane>query()
                    .lookupButton(javafx.scene.control.ButtonType.OK)).fire());
            waitUntil(20, () -> tags(robot).getItems().size() == 1);
            assertThat(fx(() -> tags(robot).getItems().get(0).tag())).isEqualTo("3");
            assertThat(api(host).tags("team/app")).containsExactly("3");

            // F5 reads the tags again
            push("app/a:1", host + "/team/app:4");
            robot.clickOn("#tags").type(javafx.scene.input.KeyCode.F5);
            waitUntil(20, () -> tags(robot).getItems().size() == 2);
            assertThat(fx(() -> tags(robot).getItems().stream().map(TagRow::tag).toList())).containsExactly("3", "4");
        }
    }

    @Test
    void deletionDisabledAndARepositoryTheTokenDoesNotGrant(FxRobot robot) throws Exception {
        try (RegistryServer server = RegistryServer.token(dir.resolve("registry"), Map.of("alice", "alice-pw"),
                Map.of("alice", Set.of("team/*:pull,push,delete", "registry:catalog:*")))) {
            String host = server.restart(false).host();
            Path config = dir.resolve("home/.docker/config.json");
            Files.createDirectories(config.getParent());
            Files.writeString(config, "{\"auths\":{\"" + host + "\":{\"auth\":\""
                    + Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
            push("app/a:1", host + "/team/app:1");
            showRegistry(robot, host);
            waitUntil(20, () -> repositories(robot).contains("team/app"));

            clickText(robot, "#repositories", "team/app");
            waitUntil(20, () -> tags(robot).getItems().size() == 1 && tags(robot).getItems().get(0).details() != null);
            robot.interact(() -> tags(robot).getSelectionModel().select(0));
            click(robot, "#tagDelete");
            waitUntil(20, () -> robot.lookup("#deleteTagDialog").tryQuery().isPresent());
            robot.interact(() -> ((javafx.scene.control.Button) robot.lookup("#deleteTagDialog").<javafx.scene.control.DialogPane>query()
                    .lookupButton(javafx.scene.control.ButtonType.OK)).fire());
            waitForStatus(robot, "does not allow deletion");
            assertThat(text(robot, "#tagsStatus")).doesNotContain("\n")
                    .isEqualTo(host + " does not allow deletion (the registry's storage.delete.enabled / REGISTRY_STORAGE_DELETE_ENABLED is off)");
            RegistryApi alice = new RegistryApi(new RegistryClient(host, Optional.of(
                    new dev.stowage.registry.credentials.Credential("alice", "alice-pw", false)), RegistrySettings.load(Map.of(), List.of())));
            assertThat(alice.tags("team/app")).containsExactly("1");

            // a repository the token does not grant, typed by name: one clear line, and Log in… offered
            robot.clickOn("#repositoryTyped").write("secret/app");
            click(robot, "#repositoryOpen");
            waitForStatus(robot, "listing the tags of " + host + "/secret/app");
            assertThat(text(robot, "#tagsStatus")).doesNotContain("\n").doesNotContain("alice-pw");
            assertThat(tags(robot).getItems()).isEmpty();
            assertThat(fx(() -> robot.lookup("#registryLogin").query().isVisible())).isTrue();

            // Log in… opens the login dialog for this registry; once logged in the tags are asked for again
            click(robot, "#registryLogin");
            waitUntil(10, () -> robot.lookup("#loginDialog").tryQuery().isPresent());
            assertThat(fx(() -> robot.lookup("#loginRegistry").<javafx.scene.control.ComboBox<String>>query().getEditor().getText())).isEqualTo(host);
            robot.clickOn("#loginUsername").write("alice");
            robot.clickOn("#loginPassword").write("alice-pw");
            robot.interact(() -> app.view.registryView().pages().model(host).tagsStatusProperty().set(""));
            click(robot, "#loginOk");
            waitUntil(30, () -> robot.lookup("#loginDialog").tryQuery().isEmpty());
            waitForStatus(robot, "listing the tags of " + host + "/secret/app");
            assertThat(repositories(robot)).contains("team/app");
        }
    }

    @Test
    void theFirstScreenOfManyTagsShowsWithoutStallingTheFxThread(FxRobot robot) throws Exception {
        int count = 300;
        try (RegistryServer server = RegistryServer.plain(dir.resolve("registry"))) {
            String host = server.host();
            push("app/a:1", host + "/big/tags:t000");
            RegistryApi api = api(host);
            RegistryApi.FetchedManifest manifest = api.getManifest("big/tags", "t000");
            for (int i = 1; i < count; i++) api.putManifest("big/tags", "t%03d".formatted(i), manifest.declaredMediaType(), manifest.bytes());
            showRegistry(robot, host);
            waitUntil(20, () -> repositories(robot).contains("big/tags"));
            // warm up: the page drawn once with a repository, so what is measured is the tags, not class loading
            clickText(robot, "#repositories", "big/tags");
            waitUntil(30, () -> tags(robot).getItems().size() == count && tags(robot).getItems().get(0).details() != null);
            robot.interact(() -> app.view.registryView().pages().model(host).openRepository("big/tags"));

            Thread fxThread = fx(Thread::currentThread);
            AtomicLong worst = new AtomicLong();
            AtomicLong pendingSince = new AtomicLong();
            AtomicLong samples = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long posted = System.nanoTime();
                    pendingSince.set(posted);
                    Platform.runLater(() -> {
                        pendingSince.set(0);
                        worst.accumulateAndGet(System.nanoTime() - posted, Math::max);
                        samples.incrementAndGet();
                    });
                    try {
                        Thread.sleep(10);
                        for (long since = pendingSince.get(); since != 0 && System.nanoTime() - since < 300_000_000L; since = pendingSince.get()) {
                            if (System.nanoTime() - since < 40_000_000L) {
                                Thread.sleep(5);
                                continue;
                            }
                            StackTraceElement[] stack = fxThread.getStackTrace();
                            System.out.println("watchdog: FX thread busy at:");
                            for (int i = 0; i < Math.min(30, stack.length); i++) System.out.println("    " + stack[i]);
                            break;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fx-watchdog");
            sampler.setDaemon(true);
            long started = System.nanoTime();
            sampler.start();
            long firstScreen;
            try {
                robot.interact(() -> app.view.registryView().pages().model(host).openRepository("big/tags"));
                waitUntil(30, () -> tags(robot).getItems().size() == count && visibleRowsRead(robot));
                firstScreen = (System.nanoTime() - started) / 1_000_000;
                // scrolling to the end reads the rest as they come into view
                robot.interact(() -> tags(robot).scrollTo(count - 1));
                waitUntil(30, () -> tags(robot).getItems().get(count - 1).details() != null);
            } finally {
                sampler.interrupt();
                sampler.join();
            }
            System.out.printf("registry browser: first screen of %d tags in %d ms, %d samples, worst FX wait %.1f ms%n",
                    count, firstScreen, samples.get(), worst.get() / 1e6);
            assertThat(firstScreen).as("first screen in ms").isLessThan(3000);
            assertThat(worst.get() / 1_000_000).as("worst FX thread wait in ms").isLessThan(100);
            // only the rows shown were read at first: not every tag
            assertThat(fx(() -> tags(robot).getItems().stream().filter(r -> r.details() != null).count())).isLessThan(count);
        }
    }

    private static void waitForStatus(FxRobot robot, String part) {
        try {
            waitUntil(20, () -> text(robot, "#tagsStatus").contains(part));
        } catch (AssertionError e) {
            throw new AssertionError("tags status: " + text(robot, "#tagsStatus"), e);
        }
    }

    /** Every row the table shows has its details. */
    private static boolean visibleRowsRead(FxRobot robot) {
        List<javafx.scene.control.TableRow<?>> shown = robot.lookup("#tags").lookup(".table-row-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableRow<?> r && r.getItem() != null && r.isVisible())
                .<javafx.scene.control.TableRow<?>>map(n -> (javafx.scene.control.TableRow<?>) n).toList();
        return !shown.isEmpty() && shown.stream().allMatch(r -> ((TagRow) r.getItem()).details() != null);
    }
}
