package dev.stowage.ui.containers;

import dev.stowage.container.Container;
import dev.stowage.container.ContainerDiff;
import dev.stowage.container.Containers;
import dev.stowage.layer.ChangeKind;
import dev.stowage.store.Store;
import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.DesktopHarness;
import dev.stowage.ui.layers.FileNode;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeTableView;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The Containers source of the real main window: create, diff, open the folder, commit hook, remove. */
@ExtendWith(ApplicationExtension.class)
class ContainersViewTest {
    /** How long a condition may take to come true. */
    private static final int WAIT = 30;

    private DesktopHarness app;
    private Store store;
    private ContainersViewModel containers;
    private final List<Path> opened = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.window(Locale.ENGLISH)
                .images(store -> LayeredImages.load(store, "demo:1",
                        new LayeredImages.Layer("ADD rootfs /").dir("etc").file("etc/passwd", 100, 'a').dir("bin").file("bin/sh", 300, 's'),
                        new LayeredImages.Layer("RUN setup").dir("etc").file("etc/hostname", 10, 'h')))
                .beforeShow(view -> view.containersViewModel().setFolderOpener((folder, failed) -> opened.add(folder)))
                .show(stage, Files.createTempDirectory("stowage-containers-test"));
        store = app.store;
        containers = app.view.containersViewModel();
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    private static Node labelled(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof Labeled l && text.equals(l.getText())).query();
    }

    /** The OK button of the dialog showing now (its text depends on the JVM's default locale). */
    private static Node okButton(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> robot.lookup((Node n) -> n instanceof javafx.scene.control.DialogPane).queryAll().stream()
                .map(n -> ((javafx.scene.control.DialogPane) n).lookupButton(javafx.scene.control.ButtonType.OK))
                .filter(b -> b != null && b.getScene() != null && b.getScene().getWindow().isShowing())
                .findFirst().orElseThrow(() -> new AssertionError("no dialog with an OK button")));
    }

    private TableView<Container> table(FxRobot robot) {
        return robot.lookup("#containers").queryTableView();
    }

    private void showContainers(FxRobot robot) {
        robot.clickOn(robot.lookup("#sources").lookup((Node n) -> n instanceof Labeled l && "Containers".equals(l.getText())).<Node>query());
        waitUntil(WAIT, () -> robot.lookup("#containersView").tryQuery().isPresent());
    }

    private Container createWeb(FxRobot robot) throws IOException {
        showContainers(robot);
        robot.interact(() -> containers.create("demo:1", "web"));
        waitUntil(WAIT, () -> table(robot).getItems().size() == 1 && containers.selectedProperty().get() != null);
        return new Containers(store).find("web");
    }

    @Test
    void theSidebarSwitchesToTheContainersAndBack(FxRobot robot) {
        showContainers(robot);
        assertThat(robot.lookup("#images").tryQuery()).isEmpty();
        assertThat(labelled(robot, "No working containers: create one from an image")).isNotNull();
        robot.clickOn(robot.lookup("#sources").lookup((Node n) -> n instanceof Labeled l && "Local images".equals(l.getText())).<Node>query());
        waitUntil(WAIT, () -> robot.lookup("#images").tryQuery().isPresent());
    }

    @Test
    void aContainerCreatedFromAnImageIsListedAndItsDiffShownAsATree(FxRobot robot) throws IOException {
        Container web = createWeb(robot);
        assertThat(fx(() -> table(robot).getItems().get(0).name())).isEqualTo("web");
        assertThat(Files.readString(web.rootfs().resolve("etc/hostname"))).isEqualTo("hhhhhhhhhh");
        // nothing changed yet
        waitUntil(WAIT, () -> containers.diffProperty().get() != null);
        assertThat(fx(() -> containers.diffProperty().get().children())).isEmpty();

        Files.writeString(web.rootfs().resolve("etc/motd"), "hello");
        Files.delete(web.rootfs().resolve("bin/sh"));
        robot.clickOn("#refreshDiff");
        waitUntil(WAIT, () -> containers.diffProperty().get() != null && !containers.diffProperty().get().children().isEmpty());
        FileNode diff = fx(() -> containers.diffProperty().get());
        assertThat(diff.find("etc/motd").kind()).isEqualTo(ChangeKind.ADDED);
        assertThat(diff.find("bin/sh").kind()).isEqualTo(ChangeKind.REMOVED);
        assertThat(diff.find("etc").kind()).isEqualTo(ChangeKind.MODIFIED);
        // the same lines as `stowage diff web`
        assertThat(ContainerDiff.of(web)).hasSize(diff.count() - 1);
        TreeTableView<FileNode> tree = robot.lookup("#containerDiff").query();
        robot.interact(() -> tree.getRoot().getChildren().forEach(i -> i.setExpanded(true)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> dev.stowage.ui.Screenshots.write(tree.getScene(), "containers-light"))).exists();
        assertThat(fx(() -> tree.getRoot().getChildren().stream().map(i -> i.getValue().name()).toList()))
                .containsExactly("bin", "etc");
    }

    @Test
    void openFolderHandsTheRootfsToTheFileManager(FxRobot robot) throws IOException {
        Container web = createWeb(robot);
        robot.clickOn("#openRootfs");
        waitUntil(WAIT, () -> !opened.isEmpty());
        assertThat(opened).containsExactly(web.rootfs());
    }

    @Test
    void theCommitButtonAppearsWhenACommitActionIsSetAndGetsTheSelectedContainer(FxRobot robot) throws IOException {
        Container web = createWeb(robot);
        assertThat(fx(() -> robot.lookup("#commitContainer").queryAs(Button.class).isVisible())).isFalse();
        List<Container> asked = new CopyOnWriteArrayList<>();
        robot.interact(() -> containers.commitActionProperty().set(asked::add));
        robot.clickOn("#commitContainer");
        assertThat(asked).extracting(Container::id).containsExactly(web.id());
    }

    @Test
    void creatingThroughTheDialogAndRemovingAfterConfirmation(FxRobot robot) throws IOException {
        showContainers(robot);
        robot.clickOn("#createContainer");
        robot.clickOn("#createName").write("db");
        robot.clickOn(okButton(robot));
        waitUntil(WAIT, () -> table(robot).getItems().size() == 1);
        assertThat(new Containers(store).find("db").image()).isEqualTo("demo:1");

        waitUntil(WAIT, () -> robot.lookup("#containers").lookup((Node n) -> n instanceof Labeled l && "db".equals(l.getText())).tryQuery().isPresent());
        robot.clickOn(robot.lookup("#containers").lookup((Node n) -> n instanceof Labeled l && "db".equals(l.getText())).<Node>query());
        robot.clickOn("#removeContainer");
        robot.clickOn(okButton(robot));
        waitUntil(WAIT, () -> table(robot).getItems().isEmpty());
        assertThat(new Containers(store).list()).isEmpty();
        assertThat(fx(() -> containers.infoProperty().get())).isEqualTo("Removed container db");
    }
}
