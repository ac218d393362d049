package dev.stowage.ui;

import dev.stowage.testing.Cli;
import dev.stowage.testing.ImageArchives;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.shape.Path;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The details pane's Inspect tab: the CLI's inspect JSON, found and boxed by the search, copied whole. */
@ExtendWith(ApplicationExtension.class)
class InspectTabTest {
    private DesktopHarness app;
    private String cliJson;

    @Start
    void start(Stage stage) throws IOException {
        java.nio.file.Path dir = Files.createTempDirectory("stowage-inspect");
        java.nio.file.Path layer = ImageArchives.layer(dir, "etc/motd", "hello\n");
        java.nio.file.Path archive = ImageArchives.dockerArchive(dir.resolve("a.tar"),
                List.of(new ImageArchives.Image("team/web:1.0", "Larry Yu", List.of(layer))));
        app = DesktopHarness.window(Locale.ENGLISH).archives(archive).show(stage, dir);
        cliJson = new Cli(dir.resolve("store")).ok("inspect", "team/web:1.0").out();
        stage.setWidth(1100);
        stage.setHeight(760);
    }

    @AfterEach
    void close() throws IOException {
        app.close();
    }

    @SuppressWarnings("unchecked")
    private ListView<String> lines(FxRobot robot) {
        return (ListView<String>) DesktopHarness.<ListView<?>>node(robot, "#inspect-lines");
    }

    private void openInspect(FxRobot robot) {
        app.waitForRows(1);
        app.select(robot, "team/web");
        robot.clickOn(fx(() -> robot.lookup(".tab").match(n -> n.getId() != null && n.getId().equals("tab-inspect")).<Node>query()));
        waitUntil(20, () -> !lines(robot).getItems().isEmpty());
    }

    @Test
    void showsWhatTheCliPrints(FxRobot robot) {
        openInspect(robot);
        String shown = fx(() -> String.join("\n", lines(robot).getItems()));
        assertThat(shown).isEqualTo(cliJson.stripTrailing());
        assertThat(shown).contains("\"RepoTags\": [").contains("team/web:1.0").contains("\"Author\": \"Larry Yu\"");
        // keys, strings and numbers are told apart on screen
        robot.interact(() -> lines(robot).scrollTo(lines(robot).getItems().stream().filter(l -> l.contains("\"Size\"")).findFirst().orElseThrow()));
        assertThat(robot.lookup(".json-key").queryAll()).isNotEmpty();
        assertThat(robot.lookup(".json-string").queryAll()).isNotEmpty();
        assertThat(robot.lookup(".json-number").queryAll()).isNotEmpty();
    }

    @Test
    void searchFindsAndBoxesEveryMatch(FxRobot robot) {
        openInspect(robot);
        robot.clickOn("#inspect-lines");
        robot.press(KeyCode.CONTROL).press(KeyCode.F).release(KeyCode.F).release(KeyCode.CONTROL);
        waitUntil(10, () -> robot.lookup("#inspect-search").query().isFocused());
        robot.write("SHA256:");
        int expected = count(cliJson, "sha256:");
        assertThat(expected).isGreaterThan(2);
        Label count = robot.lookup("#inspect-count").query();
        waitUntil(10, () -> count.getText().equals("1 of " + expected));
        assertThat(currentBoxes(robot)).isEqualTo(1);
        robot.type(KeyCode.ENTER);
        waitUntil(10, () -> count.getText().equals("2 of " + expected));
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        waitUntil(10, () -> count.getText().equals(expected + " of " + expected));
        assertThat(currentBoxes(robot)).isEqualTo(1);

        robot.interact(() -> robot.lookup("#inspect-search").<javafx.scene.control.TextField>query().setText("no-such-text"));
        waitUntil(10, () -> count.getText().equals("No match"));
        assertThat(currentBoxes(robot)).isZero();
    }

    @Test
    void copyPutsTheWholeJsonOnTheClipboard(FxRobot robot) {
        openInspect(robot);
        robot.interact(() -> Clipboard.getSystemClipboard().clear());
        robot.clickOn("#inspect-copy");
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(cliJson.stripTrailing());
    }

    /** Current-match boxes drawn (a box is a path with elements) in the visible cells. */
    private static long currentBoxes(FxRobot robot) {
        return fx(() -> robot.lookup(".inspect-current-match").<Path>queryAll().stream()
                .filter(p -> p.getScene() != null && p.getParent().getParent() != null && p.getParent().getParent().isVisible()
                        && !p.getElements().isEmpty()).count());
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
