package dev.stowage.ui.dialogs;

import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.ui.Messages;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.Locale;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The layer digests are monospaced, the column headers are not (the monospace face has no Chinese). */
@ExtendWith(ApplicationExtension.class)
class LayerProgressViewTest {
    private final LayerProgressModel model = new LayerProgressModel();

    @Start
    void start(Stage stage) {
        LayerProgressView view = new LayerProgressView(new Messages(Locale.forLanguageTag("zh-CN")), model, "test");
        stage.setScene(new Scene(new StackPane(view.node()), 600, 300));
        stage.getScene().getStylesheets().add(Messages.class.getResource("stowage.css").toExternalForm());
        stage.show();
    }

    @Test
    void onlyTheDigestCellsAreMonospaced(FxRobot robot) {
        model.onProgress(new LayerProgress("sha256:0123456789ab", LayerState.PUSHING, 1, 10, null));
        waitUntil(10, () -> robot.lookup(".table-cell.monospace").tryQuery().isPresent());
        TableCell<?, ?> cell = robot.lookup(".table-cell.monospace").query();
        assertThat(fx(cell::getText)).isEqualTo("sha256:0123456789ab");
        int labels = 0;
        for (var header : robot.lookup(".column-header").queryAll()) {
            assertThat(header.getStyleClass()).doesNotContain("monospace");
            Label label = (Label) header.lookup(".label");
            if (label == null) continue;
            labels++;
            assertThat(fx(() -> label.getFont().getFamily())).doesNotContainIgnoringCase("mono");
        }
        assertThat(labels).isGreaterThanOrEqualTo(3);
        assertThat(fx(() -> ((Label) robot.lookup(".column-header .label").query()).getText())).isEqualTo("层");
    }
}
