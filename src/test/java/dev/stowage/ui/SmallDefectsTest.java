package dev.stowage.ui;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.LayeredImages;
import dev.stowage.testing.TarBuilder;
import dev.stowage.ui.images.ImageOverview;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.TableColumnHeader;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The small defects of issue 11: one meaning of Size (uncompressed, as docker), the Pull dialog's first look, the
 * Remove dialog's counts, History newest-first with sizes, column headers not cut, symbolic links in the Name column.
 */
@ExtendWith(ApplicationExtension.class)
class SmallDefectsTest {
    private static final int WAIT = 20;
    private DesktopHarness app;
    private byte[] gzLayer;

    @Start
    void start(Stage stage) throws IOException {
        Path dir = Files.createTempDirectory("stowage-small-defects");
        gzLayer = new TarBuilder().dir("srv").file("srv/data.txt", 200_000, 'x').symlink("srv/latest", "data.txt").bytes();
        Path gz = ImageArchives.ociArchive(dir.resolve("gz.tar"), "packed:1", List.of("/bin/sh"), true, true, gzLayer);
        app = DesktopHarness.app(Locale.ENGLISH, "light")
                .images(store -> {
                    try (InputStream in = Files.newInputStream(gz)) {
                        new ArchiveLoader(store).load(in);
                    }
                    LayeredImages.load(store, "demo:1",
                            new LayeredImages.Layer("ADD rootfs /").dir("etc").file("etc/passwd", 100, 'a'),
                            new LayeredImages.Layer("RUN update").dir("etc").file("etc/hosts", 50, 'h'));
                })
                .show(stage, dir);
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    @Test
    void sizeIsTheUncompressedSizeInTheTableTheDetailsAndTheHistory(FxRobot robot) throws Exception {
        app.waitForRows(2);
        long stored = ImageResolver.of(app.store).resolve("packed:1").size();
        waitUntil(WAIT, () -> app.vm.rows().stream().allMatch(r -> app.vm.sizeOf(r) >= 0));
        ImageRow packed = fx(() -> app.vm.rows().stream().filter(r -> r.repository().equals("packed")).findFirst().orElseThrow());
        assertThat(fx(() -> app.vm.sizeOf(packed))).isEqualTo(gzLayer.length).isNotEqualTo(stored);
        // and the table shows it
        Formats shown = new Formats(app.vm.messages());
        assertThat(fx(() -> String.valueOf(app.table().getColumns().stream().filter(c -> "col-size".equals(c.getId()))
                .findFirst().orElseThrow().getCellData(packed)))).isEqualTo(String.valueOf((long) gzLayer.length));
        app.select(robot, "packed");
        waitUntil(WAIT, () -> !robot.lookup("#detail-size").<Label>query().getText().equals("\u2014")
                && !robot.lookup("#detail-size").<Label>query().getText().isEmpty());
        Formats formats = new Formats(app.vm.messages());
        assertThat(fx(() -> robot.lookup("#detail-size").<Label>query().getText())).isEqualTo(formats.size(gzLayer.length));
        assertThat(fx(() -> robot.lookup("#detail-storedSize").<Label>query().getText())).isEqualTo(formats.size(stored));
        TableView<ImageOverview.HistoryRow> history = robot.lookup("#history").query();
        assertThat(fx(() -> history.getItems().get(0).size())).isEqualTo(gzLayer.length);
    }

    @Test
    void historyIsNewestFirstWithEmptyLayersMarked(FxRobot robot) {
        app.waitForRows(2);
        app.select(robot, "demo");
        TableView<ImageOverview.HistoryRow> history = robot.lookup("#history").query();
        waitUntil(WAIT, () -> history.getItems().size() == 2);
        assertThat(fx(() -> history.getItems().stream().map(ImageOverview.HistoryRow::createdBy).toList()))
                .containsExactly("RUN update", "ADD rootfs /");
        assertThat(fx(() -> history.getItems().get(0).size())).isEqualTo(new TarBuilder().dir("etc").file("etc/hosts", 50, 'h').bytes().length);
        assertThat(fx(() -> history.getColumns().stream().map(c -> c.getText()).toList())).contains("Size");
    }

    @Test
    void thePullDialogOpensWithAHintNotAnError(FxRobot robot) {
        robot.interact(() -> app.actions.pull(null));
        waitUntil(WAIT, () -> robot.lookup("#pullReferenceCheck").tryQuery().isPresent());
        Label check = robot.lookup("#pullReferenceCheck").query();
        assertThat(fx(() -> check.getStyleClass())).doesNotContain("field-error").contains("field-hint");
        robot.interact(() -> robot.lookup("#pullReference").<javafx.scene.control.TextField>query().setText("Not A Reference"));
        assertThat(fx(() -> check.getStyleClass())).contains("field-error");
        robot.interact(() -> robot.lookup("#pullReference").<javafx.scene.control.TextField>query().setText(""));
        assertThat(fx(() -> check.getStyleClass())).doesNotContain("field-error");
        robot.interact(() -> ((javafx.scene.control.DialogPane) robot.lookup("#pullDialog").query()).getScene().getWindow().hide());
    }

    @Test
    void theRemoveDialogCountsNamesAndImagesAlike(FxRobot robot) throws Exception {
        app.waitForRows(2);
        var tag = new dev.stowage.ui.services.ImageTasks(app.store, app.vm.messages()).tag("demo:1", Reference.parse("demo:2"));
        tag.run();
        tag.get();
        robot.interact(app.vm::refresh);
        app.waitForRows(3);
        robot.interact(() -> {
            var t = app.table();
            t.getSelectionModel().clearSelection();
            for (ImageRow r : t.getItems()) if (r.repository().equals("demo")) t.getSelectionModel().select(r);
        });
        robot.interact(app.actions::remove);
        waitUntil(WAIT, () -> robot.lookup("#removeDialog").tryQuery().isPresent());
        var pane = robot.lookup("#removeDialog").<javafx.scene.control.DialogPane>query();
        assertThat(fx(pane::getHeaderText)).isEqualTo("Remove 2 names of 1 image?");
        waitUntil(WAIT, () -> robot.lookup("#removeDeleted").<Label>query().getText().contains("1 image"));
        robot.interact(() -> pane.getScene().getWindow().hide());
    }

    @Test
    void columnHeadersAreNeverCutShort(FxRobot robot) {
        app.waitForRows(2);
        app.select(robot, "demo");
        robot.interact(() -> {
            var tab = app.view.layersView().tab();
            tab.getTabPane().getSelectionModel().select(tab);
        });
        waitUntil(WAIT, () -> robot.lookup("#wastefulFiles").tryQuery().isPresent() && robot.lookup("#layerTree").tryQuery().isPresent());
        waitUntil(WAIT, () -> cutHeaders(robot).isEmpty());
        assertThat(fx(() -> cutHeaders(robot))).isEmpty();
    }

    @Test
    void aSymbolicLinksTargetIsShownBesideItsName(FxRobot robot) {
        app.waitForRows(2);
        app.select(robot, "packed");
        robot.interact(() -> {
            var tab = app.view.layersView().tab();
            tab.getTabPane().getSelectionModel().select(tab);
        });
        javafx.scene.control.TreeTableView<dev.stowage.ui.layers.FileNode> tree = robot.lookup("#layerTree").query();
        waitUntil(WAIT, () -> tree.getRoot() != null && !tree.getRoot().getChildren().isEmpty());
        robot.interact(() -> tree.getRoot().getChildren().get(0).setExpanded(true));
        var srv = fx(() -> tree.getRoot().getChildren().get(0));
        var link = fx(() -> srv.getChildren().stream().filter(c -> c.getValue().name().equals("latest")).findFirst().orElseThrow());
        @SuppressWarnings("unchecked")
        var name = (javafx.scene.control.TreeTableColumn<dev.stowage.ui.layers.FileNode, String>) fx(() -> tree.getColumns().get(0));
        var owner = fx(() -> tree.getColumns().stream().filter(c -> "tree-col-owner".equals(c.getId())).findFirst().orElseThrow());
        assertThat(fx(() -> name.getCellObservableValue(link).getValue())).isEqualTo("latest \u2192 data.txt");
        assertThat(fx(() -> String.valueOf(owner.getCellObservableValue(link).getValue()))).doesNotContain("data.txt");
    }

    /** The headers of every table showing whose title is cut short. */
    private static List<String> cutHeaders(FxRobot robot) {
        List<String> cut = new ArrayList<>();
        for (Node n : robot.lookup(".column-header").queryAll()) {
            if (!(n instanceof TableColumnHeader h) || !h.isVisible() || h.getTableColumn() == null) continue;
            for (Node c : h.getChildrenUnmodifiable()) {
                if (!(c instanceof Labeled l) || l.getText() == null || l.getText().isEmpty()) continue;
                Text text = (Text) l.getChildrenUnmodifiable().stream().filter(t -> t instanceof Text).findFirst().orElse(null);
                if (text != null && !text.getText().equals(l.getText())) cut.add(l.getText() + " shown as " + text.getText());
            }
        }
        return cut;
    }
}
