package dev.stowage.ui;

import dev.stowage.container.Containers;
import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.containers.CreateContainerDialog;
import dev.stowage.ui.dialogs.Dialogs;
import dev.stowage.ui.dialogs.ErrorDialog;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Cell;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dialog of the app, in English and Chinese, at the normal and a 1.5× font size, on a 1280×720 screen
 * (surefire's headless.geometry): the window lies on the screen, every button lies inside the window, and no
 * label is cut short (its text fits its width, all its lines fit its height) — also after content is added.
 */
@ExtendWith(ApplicationExtension.class)
class EveryDialogFitsTest {
    private DesktopHarness app;
    private Stage stage;

    @AfterEach
    void close() throws IOException {
        AppFonts.setScale(1);
        robotClose();
        if (app != null) app.close();
    }

    private void robotClose() {
        if (stage != null) fx(() -> {
            for (Window w : new ArrayList<>(Window.getWindows())) if (w != stage && w instanceof Stage s && s.getOwner() != null) s.close();
            stage.close();
            return null;
        });
    }

    @ParameterizedTest(name = "{0} at {1}x")
    @CsvSource({"en, 1", "zh-CN, 1", "en, 1.5", "zh-CN, 1.5"})
    void everyDialogFitsItsContentAndTheScreen(String language, double scale, FxRobot robot) throws IOException {
        AppFonts.setScale(scale);
        var dir = Files.createTempDirectory("stowage-dialogs-fit");
        app = fx(() -> {
            stage = new Stage();
            try {
                return DesktopHarness.app(Locale.forLanguageTag(language), "light").images(store -> {
                    LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD rootfs /").dir("etc").file("etc/passwd", 100, 'a'));
                    LayeredImages.load(store, "example.com/team/a-rather-long-repository-name/service:2024.06.01",
                            new LayeredImages.Layer("ADD app /").dir("app").file("app/run", 300, 'r'));
                    new Containers(store).create("demo:1", "web");
                }).show(stage, dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        app.waitForRows(2);
        var actions = app.actions;

        app.select(robot, "demo");
        check(robot, "tag", () -> actions.tag().dialog());
        check(robot, "push", () -> actions.push().dialog());
        check(robot, "export", () -> actions.export().dialog());
        robot.interact(() -> app.table().getSelectionModel().selectAll());
        check(robot, "remove", () -> actions.remove().dialog(), "#removeOk", pane -> !pane.lookupButton(pane.getButtonTypes().get(0)).isDisabled());
        check(robot, "pull", () -> actions.pull(null).dialog());
        check(robot, "login", () -> actions.login(null).dialog(), null,
                pane -> !((javafx.scene.control.Label) pane.lookup("#loginStorage")).getText().isEmpty());
        check(robot, "settings", () -> actions.settings().dialog());
        check(robot, "create container", () -> {
            CreateContainerDialog d = new CreateContainerDialog(app.vm.messages(), List.of("demo:1"), null);
            Dialogs.prepare(d.dialog(), stage);
            d.dialog().show();
            return d.dialog();
        });
        check(robot, "run", () -> actions.run("demo:1").dialog());
        check(robot, "error", () -> {
            var alert = ErrorDialog.show(stage, app.vm.messages(), "Cannot push example.com/team/service:1",
                    new IOException("the registry refused the upload", new java.net.ConnectException("Connection refused")));
            alert.getDialogPane().setExpanded(true);
            return alert;
        });
        var plan = new dev.stowage.store.RemovalPlan(List.of(), List.of(app.store.images().get(0)), 123_456_789L);
        check(robot, "prune", () -> {
            var alert = dev.stowage.ui.dialogs.PruneDialog.confirmation(app.vm.messages(), plan, stage);
            alert.show();
            return alert;
        });
        // commit: grows with every change added and with a command preview that wraps
        Dialog<?> commit = fx(() -> actions.commit(null).dialog());
        waitUntil(10, () -> commit.getDialogPane().getScene().getWindow().isShowing());
        for (int i = 0; i < 4; i++) {
            robot.interact(() -> ((Button) commit.getDialogPane().lookup("#commitAddChange")).fire());
        }
        robot.interact(() -> ((TextField) commit.getDialogPane().lookup("#commitCmd"))
                .setText("[\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\",\"--a-long-option=with-a-long-value\",\"--another=one\"]"));
        assertFits("commit", commit.getDialogPane());
        robot.interact(commit::close);
    }

    private void check(FxRobot robot, String what, Supplier<Dialog<?>> open) {
        check(robot, what, open, null, pane -> true);
    }

    private void check(FxRobot robot, String what, Supplier<Dialog<?>> open, String unused,
                       java.util.function.Predicate<DialogPane> ready) {
        Dialog<?> dialog = fx(open::get);
        waitUntil(10, () -> Dialogs.windowOf(dialog) != null && Dialogs.windowOf(dialog).isShowing());
        waitUntil(20, () -> ready.test(dialog.getDialogPane()));
        assertFits(what, dialog.getDialogPane());
        robot.interact(() -> {
            Window w = Dialogs.windowOf(dialog);
            dialog.close();
            if (w.isShowing()) w.hide();
        });
    }

    /** Waits for the window to settle, then lists every button outside it and every label cut short. */
    private static void assertFits(String what, DialogPane pane) {
        List<String> problems = new ArrayList<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            WaitForAsyncUtils.waitForFxEvents();
            problems = fx(() -> problems(pane));
            if (problems.isEmpty()) break;
            WaitForAsyncUtils.sleep(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        assertThat(problems).as(what + " dialog").isEmpty();
    }

    private static List<String> problems(DialogPane pane) {
        List<String> problems = new ArrayList<>();
        Window w = pane.getScene().getWindow();
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        if (w.getX() < screen.getMinX() - 0.5 || w.getY() < screen.getMinY() - 0.5
                || w.getX() + w.getWidth() > screen.getMaxX() + 0.5 || w.getY() + w.getHeight() > screen.getMaxY() + 0.5) {
            problems.add("window " + w.getX() + "," + w.getY() + " " + w.getWidth() + "x" + w.getHeight() + " off " + screen);
        }
        double sceneW = pane.getScene().getWidth();
        double sceneH = pane.getScene().getHeight();
        for (Node n : shown(pane)) {
            if (n instanceof Button b) {
                Bounds r = b.localToScene(b.getBoundsInLocal());
                if (r.getMinX() < -0.5 || r.getMinY() < -0.5 || r.getMaxX() > sceneW + 0.5 || r.getMaxY() > sceneH + 0.5) {
                    problems.add("button '" + b.getText() + "' at " + r + " outside " + sceneW + "x" + sceneH);
                }
            }
            if (n instanceof Labeled l && !(n instanceof Cell<?>) && l.getText() != null && !l.getText().isEmpty()) {
                Text text = l.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text).map(c -> (Text) c).findFirst().orElse(null);
                if (text == null) continue;
                String shown = text.getText();
                double room = l.getWidth() - l.snappedLeftInset() - l.snappedRightInset();
                if (!l.isWrapText() && !shown.equals(l.getText().replace("_", "")) && !shown.equals(l.getText())) {
                    problems.add("label '" + l.getText() + "' shows '" + shown + "'");
                } else if (text.getLayoutBounds().getWidth() > room + 1) {
                    problems.add("label '" + l.getText() + "' text " + text.getLayoutBounds().getWidth() + " wide in " + room);
                } else if (l.isWrapText() && text.getLayoutBounds().getHeight() > l.getHeight() - l.snappedTopInset() - l.snappedBottomInset() + 1) {
                    problems.add("label '" + l.getText() + "' text " + text.getLayoutBounds().getHeight() + " high in " + l.getHeight());
                }
            }
        }
        return problems;
    }

    /** The visible nodes of a tree. */
    private static List<Node> shown(Parent root) {
        List<Node> out = new ArrayList<>();
        for (Node c : root.getChildrenUnmodifiable()) {
            if (!c.isVisible()) continue;
            out.add(c);
            if (c instanceof Parent p) out.addAll(shown(p));
        }
        return out;
    }
}
