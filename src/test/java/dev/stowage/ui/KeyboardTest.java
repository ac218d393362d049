package dev.stowage.ui;

import dev.stowage.testing.LayeredImages;
import dev.stowage.ui.dialogs.Dialogs;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Control;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyboard alone: Tab reaches every control of the main window and of every dialog, each showing a focus ring
 * when it has the keyboard focus; in every dialog Enter is the main action and Escape closes it.
 */
@ExtendWith(ApplicationExtension.class)
class KeyboardTest {
    private DesktopHarness app;

    @Start
    void start(Stage stage) throws IOException {
        app = DesktopHarness.app(Locale.ENGLISH, "light")
                .images(store -> LayeredImages.load(store, "demo:1", new LayeredImages.Layer("ADD rootfs /").dir("etc").file("etc/passwd", 100, 'a')))
                .show(stage, Files.createTempDirectory("stowage-keyboard"));
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    @Test
    void tabReachesEveryControlOfTheMainWindowWithAVisibleFocusRing(FxRobot robot) {
        app.waitForRows(1);
        app.select(robot, "demo");
        Scene scene = fx(() -> app.view.root().getScene());
        List<String> problems = tabThrough(robot, scene);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDialogIsReachableByTabAndAnswersEnterAndEscape(FxRobot robot) {
        app.waitForRows(1);
        app.select(robot, "demo");
        List<Supplier<Dialog<?>>> dialogs = List.of(
                () -> app.actions.tag().dialog(), () -> app.actions.push().dialog(), () -> app.actions.export().dialog(),
                () -> app.actions.remove().dialog(), () -> app.actions.pull(null).dialog(), () -> app.actions.commit(null).dialog(),
                () -> app.actions.login(null).dialog(), () -> app.actions.settings().dialog());
        for (Supplier<Dialog<?>> open : dialogs) {
            Dialog<?> dialog = fx(open::get);
            waitUntil(10, () -> Dialogs.windowOf(dialog) != null && Dialogs.windowOf(dialog).isShowing());
            DialogPane pane = dialog.getDialogPane();
            String name = pane.getId();
            // Enter: the one default button is the main action; Escape: the one cancel button
            List<Button> defaults = fx(() -> buttons(pane).stream().filter(Button::isDefaultButton).toList());
            List<Button> cancels = fx(() -> buttons(pane).stream().filter(Button::isCancelButton).toList());
            assertThat(defaults).as(name + " default buttons").hasSize(1);
            assertThat(fx(() -> pane.getButtonTypes().stream().filter(t -> pane.lookupButton(t) == defaults.get(0))
                    .findFirst().orElseThrow().getButtonData())).as(name + " default is the main action").isEqualTo(ButtonBar.ButtonData.OK_DONE);
            assertThat(cancels).as(name + " cancel buttons").hasSize(1);
            assertThat(tabThrough(robot, pane.getScene())).as(name).isEmpty();
            Window window = fx(() -> Dialogs.windowOf(dialog));
            robot.interact(window::requestFocus);
            robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
            waitUntil(10, () -> !window.isShowing());
        }
    }

    private static List<Button> buttons(DialogPane pane) {
        List<Button> out = new ArrayList<>();
        for (ButtonType t : pane.getButtonTypes()) if (pane.lookupButton(t) instanceof Button b) out.add(b);
        return out;
    }

    /**
     * Presses Tab until the focus comes back where it started, and lists each enabled, visible, focus-traversable
     * control Tab never reached and each control that had the focus without a ring.
     */
    private static List<String> tabThrough(FxRobot robot, Scene scene) {
        Window window = scene.getWindow();
        robot.interact(window::requestFocus);
        Set<Node> visited = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            robot.interact(() -> window.requestFocus());
            robot.press(KeyCode.TAB).release(KeyCode.TAB);
            WaitForAsyncUtils.waitForFxEvents();
            Node focused = fx(scene::getFocusOwner);
            if (focused == null) continue;
            if (!visited.add(focused) && i > 3) break;
            if (!fx(() -> hasRing(focused))) problems.add("no focus ring on " + describe(focused));
        }
        for (Node n : fx(() -> reachable(scene.getRoot()))) {
            if (!visited.contains(n)) problems.add("Tab never reaches " + describe(n));
        }
        return problems;
    }

    private static boolean hasRing(Node n) {
        if (n.getEffect() != null) return true;
        for (String part : List.of(".box", ".radio", ".tab:selected")) {
            Node p = n.lookup(part);
            if (p != null && p.getEffect() != null) return true;
        }
        return false;
    }

    private static List<Node> reachable(Parent root) {
        List<Node> out = new ArrayList<>();
        for (Node c : root.getChildrenUnmodifiable()) {
            if (!c.isVisible() || c.isDisabled() || !c.isManaged() && !(c instanceof Control)) continue;
            if (c instanceof Control && c.isFocusTraversable() && c.getScene() != null
                    && c.localToScene(c.getBoundsInLocal()).getWidth() > 0) {
                out.add(c);
                if (c instanceof javafx.scene.control.ComboBoxBase<?> || c instanceof javafx.scene.control.TextInputControl) continue;
            }
            if (c instanceof Parent p) out.addAll(reachable(p));
        }
        return out;
    }

    private static String describe(Node n) {
        return n.getClass().getSimpleName() + (n.getId() == null ? "" : "#" + n.getId())
                + (n instanceof javafx.scene.control.Labeled l ? " '" + l.getText() + "'" : "");
    }
}
