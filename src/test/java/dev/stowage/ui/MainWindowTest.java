package dev.stowage.ui;

import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.Tools;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The real main window on a temporary store holding ggcr's test_bundle.tar (two images), headless. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    private static Path ggcr;

    /** How long a condition may take to come true. */
    private static final int WAIT = 15;

    private DesktopHarness app;
    private Path dir;
    private Store store;
    private MainViewModel vm;

    @BeforeAll
    static void fixtures() {
        ggcr = Tools.fixtures().resolve("ggcr");
    }

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.window(Locale.ENGLISH).archives(ggcr.resolve("test_bundle.tar"))
                .show(stage, Files.createTempDirectory("stowage-ui-test"));
        dir = app.dir;
        store = app.store;
        vm = app.vm;
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    private TableView<ImageRow> table(FxRobot robot) {
        return robot.lookup("#images").queryTableView();
    }

    private List<String> repositories(FxRobot robot) {
        return fx(() -> table(robot).getItems().stream().map(ImageRow::repository).toList());
    }

    private void waitForRows(FxRobot robot, int count) {
        waitUntil(WAIT, () -> table(robot).getItems().size() == count);
    }

    @Test
    void showsTheStoresImages(FxRobot robot) {
        waitForRows(robot, 2);
        assertThat(repositories(robot)).containsExactlyInAnyOrder("test_image_1", "test_image_2");
        String count = fx(() -> robot.lookup("#count").queryAs(Label.class).getText());
        assertThat(count).isEqualTo("2 images");
    }

    @Test
    void typingInTheSearchBoxFilters(FxRobot robot) {
        waitForRows(robot, 2);
        robot.clickOn("#search").write("image_2");
        waitForRows(robot, 1);
        assertThat(repositories(robot)).containsExactly("test_image_2");
        // an ID prefix matches too
        String id = fx(() -> table(robot).getItems().get(0).image().id().hex().substring(0, 6));
        robot.interact(() -> vm.searchProperty().set(id));
        waitUntil(WAIT, () -> table(robot).getItems().stream().allMatch(r -> r.image().id().hex().startsWith(id)));
        assertThat(fx(() -> table(robot).getItems().size())).isBetween(1, 2);
    }

    @Test
    void selectingARowShowsItsDetails(FxRobot robot) throws IOException {
        waitForRows(robot, 2);
        LocalImage expected = store.images().stream()
                .filter(i -> i.names().get(0).familiarRepository().equals("test_image_1")).findFirst().orElseThrow();
        assertThat(fx(() -> robot.lookup("#details-none").queryAs(Label.class).isVisible())).isTrue();
        robot.clickOn(robot.lookup(".table-cell").match(LabeledMatchers.hasText("test_image_1")).<javafx.scene.Node>query());
        waitUntil(WAIT, () -> expected.id().toString().equals(robot.lookup("#detail-id").queryAs(Label.class).getText()));
        assertThat(fx(() -> robot.lookup("#details-none").queryAs(Label.class).isVisible())).isFalse();
        String author = fx(() -> robot.lookup("#detail-author").queryAs(Label.class).getText());
        assertThat(author).isEqualTo(expected.config().author() == null ? "" : expected.config().author());
        assertThat(author).isNotBlank();
        assertThat(fx(() -> robot.lookup("#history").queryTableView().getItems().size()))
                .isEqualTo(expected.config().history().size());
    }

    @Test
    void importingAnArchiveAddsItsImage(FxRobot robot) {
        waitForRows(robot, 2);
        robot.interact(() -> vm.importFiles(List.of(ggcr.resolve("test_image_1.tar"))));
        waitForRows(robot, 3);
        assertThat(repositories(robot)).contains("bazel/v1/tarball");
        assertThat(fx(() -> vm.errorMessageProperty().get())).isNull();
        waitUntil(WAIT, () -> vm.currentTaskProperty().get() == null);
    }

    @Test
    void aBadFileShowsOneLineAndLeavesTheTable(FxRobot robot) throws IOException {
        waitForRows(robot, 2);
        Path bad = dir.resolve("broken.tar");
        Files.writeString(bad, "this is not a tar archive");
        robot.interact(() -> vm.importFiles(List.of(bad)));
        // a failure is a notification that stays
        waitUntil(WAIT, () -> robot.lookup(".notice.danger .notice-text").tryQuery().isPresent());
        String message = fx(() -> robot.lookup(".notice.danger .notice-text").queryAs(Label.class).getText());
        assertThat(message).startsWith("Cannot import broken.tar: ").doesNotContain("\n");
        waitUntil(WAIT, () -> vm.currentTaskProperty().get() == null);
        assertThat(repositories(robot)).containsExactlyInAnyOrder("test_image_1", "test_image_2");
        assertThat(store.images()).hasSize(2);
    }

    @Test
    void aFileWithTheWrongExtensionIsRefused(FxRobot robot) throws IOException {
        waitForRows(robot, 2);
        Path notes = dir.resolve("notes.txt");
        Files.writeString(notes, "hello");
        robot.interact(() -> vm.importFiles(List.of(notes)));
        assertThat(fx(() -> vm.errorMessageProperty().get())).startsWith("Cannot import notes.txt: not an image archive");
    }

    @Test
    void removingThroughTheViewModelRemovesTheImage(FxRobot robot) throws IOException {
        waitForRows(robot, 2);
        ImageRow row = fx(() -> table(robot).getItems().stream()
                .filter(r -> r.repository().equals("test_image_2")).findFirst().orElseThrow());
        robot.interact(() -> vm.remove(List.of(row)));
        waitForRows(robot, 1);
        assertThat(repositories(robot)).containsExactly("test_image_1");
        assertThat(store.images()).hasSize(1);
    }

    @Test
    void dropHighlightIsAStyleClassOnTheRoot(FxRobot robot) {
        var root = robot.lookup("#root").queryParent();
        assertThat(root.getStyleClass()).doesNotContain(MainView.DROP_TARGET);
    }
}
