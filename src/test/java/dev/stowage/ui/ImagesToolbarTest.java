package dev.stowage.ui;

import dev.stowage.store.LocalImage;
import dev.stowage.store.RemovalPlan;
import dev.stowage.testing.LayeredImages;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images page's toolbar: icon buttons with tooltips, the selection's actions enabled by what is selected, the
 * count of a bulk selection, Prune dangling with the space it frees, and the clearable search field.
 */
@ExtendWith(ApplicationExtension.class)
class ImagesToolbarTest {
    private static final int WAIT = 20;
    private static final List<String> SELECTION_ACTIONS = List.of("#runButton", "#tagButton", "#pushButton", "#exportButton", "#createButton", "#remove");
    private DesktopHarness app;

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.app(Locale.ENGLISH, "light")
                .images(store -> {
                    // the first demo:1 is left dangling when the second takes its name
                    LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD / /").file("old.bin", 300_000, 'o'));
                    LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD / /").file("new.bin", 1000, 'n'));
                    LayeredImages.load(store, "other:2", new LayeredImages.Layer("ADD / /").file("other.txt", 500, 'x'));
                })
                .show(stage, Files.createTempDirectory("stowage-toolbar"));
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    private static boolean disabled(FxRobot robot, String id) {
        return fx(() -> robot.lookup(id).query().isDisabled());
    }

    private Map<String, Boolean> enabled(FxRobot robot) {
        return fx(() -> SELECTION_ACTIONS.stream().collect(java.util.stream.Collectors.toMap(id -> id,
                id -> !robot.lookup(id).query().isDisabled())));
    }

    @Test
    void theSelectionsActionsFollowTheSelectionAndABulkSelectionIsCounted(FxRobot robot) {
        app.waitForRows(2);
        assertThat(enabled(robot)).allSatisfy((id, on) -> assertThat(on).as(id).isFalse());
        assertThat(fx(() -> robot.lookup("#selectionCount").query().isVisible())).isFalse();
        app.select(robot, "demo");
        assertThat(enabled(robot)).allSatisfy((id, on) -> assertThat(on).as(id).isTrue());
        robot.interact(() -> app.table().getSelectionModel().selectAll());
        // several: Export and Remove take them all; Tag, Push and Create container take one
        assertThat(enabled(robot)).containsEntry("#exportButton", true).containsEntry("#remove", true)
                .containsEntry("#tagButton", false).containsEntry("#pushButton", false).containsEntry("#createButton", false)
                .containsEntry("#runButton", false);
        assertThat(fx(() -> robot.lookup("#selectionCount").<Label>query().getText())).isEqualTo("2 selected");
        assertThat(fx(() -> robot.lookup("#selectionCount").query().isVisible())).isTrue();
        // a toolbar button does what its menu item does
        app.select(robot, "other");
        robot.clickOn("#tagButton");
        waitUntil(WAIT, () -> robot.lookup("#tagDialog").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#tagDialog").<DialogPane>query().getScene().getWindow().hide());
    }

    @Test
    void pruneRemovesTheDanglingImageAndReportsTheSpaceFreed(FxRobot robot) throws IOException {
        app.waitForRows(2);
        List<String> dangling = app.store.images().stream().filter(LocalImage::dangling).map(i -> i.id().toString()).toList();
        assertThat(dangling).hasSize(1);
        long expected = RemovalPlan.of(app.store, dangling).bytesFreed();
        assertThat(expected).isGreaterThan(300_000);
        String size = new Formats(app.vm.messages()).size(expected);
        waitUntil(WAIT, () -> !robot.lookup("#prune").query().isDisabled());
        robot.clickOn("#prune");
        waitUntil(WAIT, () -> robot.lookup("#pruneDialog").tryQuery().isPresent());
        DialogPane pane = robot.lookup("#pruneDialog").query();
        assertThat(fx(pane::getHeaderText)).isEqualTo("Remove 1 dangling image?");
        assertThat(fx(pane::getContentText)).contains(size);
        robot.interact(() -> ((Button) pane.lookupButton(ButtonType.OK)).fire());
        waitUntil(WAIT, () -> ("Pruned 1 dangling image, freed " + size).equals(app.vm.infoMessageProperty().get()));
        assertThat(robot.lookup(".notice-text").queryAllAs(Label.class).stream().map(Label::getText))
                .contains("Pruned 1 dangling image, freed " + size);
        assertThat(app.store.images()).noneMatch(LocalImage::dangling).hasSize(2);
        // nothing left to prune
        waitUntil(WAIT, () -> disabled(robot, "#prune"));
    }

    @Test
    void everyToolbarButtonHasAnIconAndATooltip(FxRobot robot) {
        app.waitForRows(2);
        ToolBar actions = robot.lookup("#actionsBar").query();
        ToolBar find = robot.lookup("#searchBar").query();
        List<Node> buttons = fx(() -> java.util.stream.Stream.concat(actions.getItems().stream(), find.getItems().stream())
                .filter(n -> n instanceof ButtonBase).toList());
        waitUntil(WAIT, () -> buttons.stream().allMatch(n -> ((Labeled) n).getGraphic() != null));
        assertThat(buttons).extracting(Node::getId).contains("pullButton", "import", "runButton", "tagButton", "pushButton", "exportButton",
                "createButton", "remove", "prune", "refresh", "commitButton", "registryMenu", "settingsButton", "showDangling");
        for (Node b : buttons) {
            Labeled l = (Labeled) b;
            assertThat(fx(() -> l.getGraphic().getStyleClass())).as(b.getId()).contains(Icons.STYLE_CLASS);
            assertThat(fx(() -> l.getTooltip() == null ? null : l.getTooltip().getText())).as(b.getId()).isNotBlank();
            // icon-only buttons are named for screen readers
            if (fx(() -> l.getText() == null || l.getText().isEmpty())) assertThat(fx(l::getAccessibleText)).as(b.getId()).isNotBlank();
        }
        // the menus' items too
        assertThat(fx(() -> app.table().getContextMenu().getItems().stream().filter(i -> i.getId() != null
                && List.of("menu-tag", "menu-push", "menu-export", "menu-create", "menu-remove").contains(i.getId()))
                .allMatch(i -> i.getGraphic() != null))).isTrue();
        assertThat(fx(() -> ((MenuButton) actions.getItems().stream().filter(n -> "registryMenu".equals(n.getId()))
                .findFirst().orElseThrow()).getGraphic())).isNotNull();
    }

    @Test
    void theSearchFieldClearsWithItsButton(FxRobot robot) {
        app.waitForRows(2);
        TextField search = robot.lookup("#search").query();
        robot.interact(() -> search.setText("other"));
        app.waitForRows(1);
        Node clear = fx(() -> search.lookup(".clear-button"));
        assertThat(clear).isNotNull();
        robot.clickOn(clear);
        app.waitForRows(2);
        assertThat(fx(() -> search.getText())).isEmpty();
    }
}
