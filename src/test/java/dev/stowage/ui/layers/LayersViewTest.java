package dev.stowage.ui.layers;

import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.Efficiency;
import dev.stowage.layer.ImageLayers;
import dev.stowage.store.Store;
import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.DesktopHarness;
import dev.stowage.ui.MainView;
import dev.stowage.ui.StowageApp;
import dev.stowage.util.Human;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableRow;
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

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The Layers tab of the real main window, on a store holding a two-layer image, headless. */
@ExtendWith(ApplicationExtension.class)
class LayersViewTest {
    /** How long a condition may take to come true. */
    private static final int WAIT = 15;

    private DesktopHarness app;
    private Store store;
    private MainView view;

    static LayeredImages.Layer base() {
        return new LayeredImages.Layer("ADD rootfs.tar /").dir("etc").file("etc/passwd", 100, 'a').file("etc/hosts", 50, 'h')
                .dir("usr").dir("usr/bin").file("usr/bin/tool", 1000, 't').file("big.bin", 5000, 'b');
    }

    static LayeredImages.Layer update() {
        return new LayeredImages.Layer("RUN update").dir("etc").file("etc/passwd", 120, 'c').file("etc/new.conf", 30, 'n')
                .whiteout("etc/hosts").file("big.bin", 5000, 'd');
    }

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.window(Locale.ENGLISH)
                .images(store -> LayeredImages.load(store, "demo:1", base(), update()))
                .beforeShow(view -> {
                    stage.setWidth(1200);
                    stage.setHeight(780);
                })
                .show(stage, Files.createTempDirectory("stowage-layers-test"));
        store = app.store;
        view = app.view;
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    /** Selects the image and the Layers tab, and waits for the top layer's tree. */
    private void openLayers(FxRobot robot) {
        waitUntil(WAIT, () -> robot.lookup("#images").queryTableView().getItems().size() == 1);
        robot.interact(() -> {
            robot.lookup("#images").queryTableView().getSelectionModel().select(0);
            var tab = view.layersView().tab();
            tab.getTabPane().getSelectionModel().select(tab);
        });
        waitUntil(WAIT, () -> tree(robot).getRoot() != null);
    }

    private TreeTableView<FileNode> tree(FxRobot robot) {
        return robot.lookup("#layerTree").query();
    }

    private ListView<ImageLayers.Layer> stack(FxRobot robot) {
        return robot.lookup("#layerStack").query();
    }

    /** The names shown under a path of the tree (expanding it the way a click on its arrow does). */
    private List<String> shownUnder(FxRobot robot, String path) {
        return fx(() -> {
            TreeItem<FileNode> item = tree(robot).getRoot();
            for (String part : path.isEmpty() ? new String[0] : path.split("/")) {
                item = item.getChildren().stream().filter(c -> c.getValue().name().equals(part)).findFirst().orElseThrow();
            }
            item.setExpanded(true);
            return item.getChildren().stream().map(c -> c.getValue().name()).toList();
        });
    }

    /** A labelled node showing exactly this text. */
    private static java.util.Optional<Node> labelled(FxRobot robot, String text) {
        return robot.lookup((Node n) -> n instanceof javafx.scene.control.Labeled l && text.equals(l.getText())).tryQuery();
    }

    private static Node label(FxRobot robot, String text) {
        return labelled(robot, text).orElseThrow(() -> new AssertionError("no label " + text));
    }

    @Test
    void theStackIsDrawnBaseAtTheBottomWithSizesAndCounts(FxRobot robot) {
        openLayers(robot);
        List<Integer> order = fx(() -> stack(robot).getItems().stream().map(ImageLayers.Layer::index).toList());
        assertThat(order).containsExactly(1, 0);
        // the top layer is selected first, and its cell is drawn above the base layer's
        assertThat(fx(() -> view.layersView().viewModel().selectedLayerProperty().get().index())).isEqualTo(1);
        Node top = robot.lookup("#layerStack .list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getItem() instanceof ImageLayers.Layer l && l.index() == 1).query();
        Node bottom = robot.lookup("#layerStack .list-cell").match(n -> n instanceof javafx.scene.control.ListCell<?> c
                && c.getItem() instanceof ImageLayers.Layer l && l.index() == 0).query();
        assertThat(fx(() -> top.localToScene(0, 0).getY())).isLessThan(fx(() -> bottom.localToScene(0, 0).getY()));
        assertThat(labelled(robot, "Layer 1: RUN update")).isPresent();
        assertThat(labelled(robot, "+1 added  ~2 modified  \u22121 removed")).isPresent();
        // the bars are proportional to the layer sizes
        double topBar = fx(() -> top.lookup(".layer-bar").getLayoutBounds().getWidth());
        double baseBar = fx(() -> bottom.lookup(".layer-bar").getLayoutBounds().getWidth());
        List<Long> sizes = fx(() -> stack(robot).getItems().stream().map(ImageLayers.Layer::uncompressedSize).toList());
        assertThat(baseBar).isGreaterThan(topBar).isGreaterThan(0);
        assertThat(topBar / baseBar).isCloseTo((double) sizes.get(0) / sizes.get(1), org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    void selectingALayerShowsItsChangesColouredByKind(FxRobot robot) {
        openLayers(robot);
        assertThat(shownUnder(robot, "")).containsExactly("etc", "big.bin");
        assertThat(shownUnder(robot, "etc")).containsExactly("hosts", "new.conf", "passwd");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(rowStyle(robot, "new.conf")).contains("change-added");
        assertThat(rowStyle(robot, "hosts")).contains("change-removed");
        assertThat(rowStyle(robot, "passwd")).contains("change-modified");

        // the base layer: everything Added
        robot.clickOn(label(robot, "Layer 0: ADD rootfs.tar /"));
        waitUntil(WAIT, () -> tree(robot).getRoot() != null && tree(robot).getRoot().getValue().find("usr") != null);
        assertThat(shownUnder(robot, "")).containsExactly("etc", "usr", "big.bin");
        assertThat(fx(() -> tree(robot).getRoot().getValue().kind())).isEqualTo(ChangeKind.ADDED);
    }

    @Test
    void togglesHideEachKind(FxRobot robot) {
        openLayers(robot);
        robot.clickOn("#show-added");
        assertThat(shownUnder(robot, "etc")).containsExactly("hosts", "passwd");
        robot.clickOn("#show-removed");
        assertThat(shownUnder(robot, "etc")).containsExactly("passwd");
        robot.clickOn("#show-modified");
        // left: etc itself, which this layer lists unchanged
        assertThat(shownUnder(robot, "")).containsExactly("etc");
        assertThat(shownUnder(robot, "etc")).isEmpty();
        robot.clickOn("#show-unmodified");
        assertThat(fx(() -> tree(robot).getRoot().getChildren().size())).isZero();
        robot.clickOn("#show-unmodified");
        robot.clickOn("#show-added");
        assertThat(shownUnder(robot, "")).containsExactly("etc");
        assertThat(shownUnder(robot, "etc")).containsExactly("new.conf");
    }

    @Test
    void theMergedModeShowsTheFilesystemUpToTheLayerWithDirectorySizes(FxRobot robot) {
        openLayers(robot);
        robot.clickOn("#modeMerged");
        waitUntil(WAIT, () -> tree(robot).getRoot() != null && tree(robot).getRoot().getValue().find("usr/bin/tool") != null);
        assertThat(shownUnder(robot, "")).containsExactly("etc", "usr", "big.bin");
        assertThat(shownUnder(robot, "usr/bin")).containsExactly("tool");
        assertThat(fx(() -> tree(robot).getRoot().getValue().find("etc").size())).isEqualTo(150L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#layerTree .tree-table-row-cell").match(n -> n instanceof TreeTableRow<?> r
                && r.getItem() instanceof FileNode f && f.name().equals("etc")).lookup((Node n) -> n instanceof javafx.scene.control.Labeled l && "150B".equals(l.getText())).tryQuery()).isPresent();
        // hiding Unmodified leaves what this layer changed
        robot.clickOn("#show-unmodified");
        assertThat(shownUnder(robot, "")).containsExactly("etc", "big.bin");
        robot.clickOn("#modeChanges");
        waitUntil(WAIT, () -> tree(robot).getRoot() != null && tree(robot).getRoot().getValue().find("usr") == null);
    }

    @Test
    void theEfficiencyAndTheWastefulFilesAreShown(FxRobot robot) throws IOException {
        openLayers(robot);
        ImageLayers layers = ImageLayers.read(store, store.images().get(0));
        Efficiency.Result expected = layers.efficiency();
        waitUntil(WAIT, () -> !robot.lookup("#efficiencyScore").queryAs(Label.class).getText().isEmpty());
        assertThat(fx(() -> robot.lookup("#efficiencyScore").queryAs(Label.class).getText()))
                .isEqualTo("Score: " + expected.scorePercent() + " %");
        assertThat(fx(() -> robot.lookup("#reclaimableBytes").queryAs(Label.class).getText()))
                .isEqualTo("Reclaimable: " + Human.size(expected.reclaimableBytes()));
        assertThat(fx(() -> robot.lookup("#wastedBytes").queryAs(Label.class).getText()))
                .startsWith("Wasted: " + Human.size(expected.wastedBytes()));
        TableView<Efficiency.WastedPath> wasteful = robot.lookup("#wastefulFiles").queryTableView();
        List<Efficiency.WastedPath> rows = fx(() -> List.copyOf(wasteful.getItems()));
        assertThat(rows).isEqualTo(expected.inefficient());
        assertThat(rows.get(0).path()).isEqualTo("big.bin");
        assertThat(rows.get(0).layers()).containsExactly(0, 1);
        assertThat(labelled(robot, "/big.bin")).isPresent();
        // double-clicking a wasteful file selects the last layer that wrote it
        robot.clickOn(label(robot, "Layer 0: ADD rootfs.tar /"));
        waitUntil(WAIT, () -> view.layersView().viewModel().selectedLayerProperty().get().index() == 0);
        robot.doubleClickOn(label(robot, "/big.bin"));
        waitUntil(WAIT, () -> view.layersView().viewModel().selectedLayerProperty().get().index() == 1);
    }

    @Test
    void screenshot(FxRobot robot) {
        openLayers(robot);
        shownUnder(robot, "etc");
        robot.interact(() -> robot.lookup("#images").queryTableView().getScene().getRoot().applyCss());
        WaitForAsyncUtils.waitForFxEvents();
        var scene = fx(() -> robot.lookup("#images").queryTableView().getScene());
        Path light = fx(() -> dev.stowage.ui.Screenshots.write(scene, "layers-light"));
        robot.interact(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet()));
        WaitForAsyncUtils.waitForFxEvents();
        Path dark = fx(() -> dev.stowage.ui.Screenshots.write(scene, "layers-dark"));
        robot.interact((Runnable) StowageApp::applyTheme);
        assertThat(light).exists();
        assertThat(dark).exists();
    }

    private List<String> rowStyle(FxRobot robot, String name) {
        return fx(() -> robot.lookup("#layerTree .tree-table-row-cell").match(n -> n instanceof TreeTableRow<?> r
                && r.getItem() instanceof FileNode f && f.name().equals(name)).queryAs(TreeTableRow.class).getStyleClass()
                .stream().map(Object::toString).toList());
    }
}
