package dev.stowage.ui;

import dev.stowage.registry.RegistrySettings;
import dev.stowage.ui.actions.WindowMemory;
import dev.stowage.ui.services.DesktopSettings;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
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
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static dev.stowage.ui.DesktopHarness.click;
import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Settings are written where the app and the CLI read them; the window's geometry is remembered. */
@ExtendWith(ApplicationExtension.class)
class SettingsDialogTest {
    private DesktopHarness app;
    private Stage stage;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        app = new DesktopHarness(stage, Files.createTempDirectory("stowage-settings"), Locale.ENGLISH, "light");
    }

    @AfterEach
    void close() throws IOException {
        StowageApp.applyTheme("light");
        app.close();
    }

    private Properties saved() throws Exception {
        app.settings.flush();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(app.settings.file())) {
            p.load(in);
        }
        return p;
    }

    @Test
    void themeLanguageStoreAndRegistryAreSaved(FxRobot robot) throws Exception {
        robot.interact(app.actions::settings);
        waitUntil(10, () -> robot.lookup("#settingsDialog").tryQuery().isPresent());
        Path otherStore = app.dir.resolve("elsewhere");
        robot.interact(() -> {
            robot.lookup("#settingsTheme").<ChoiceBox<String>>query().setValue("dark");
            robot.lookup("#settingsLanguage").<ChoiceBox<String>>query().setValue("zh-CN");
            robot.lookup("#settingsStore").<TextField>query().setText(otherStore.toString());
            robot.lookup("#settingsRegistry").<ComboBox<String>>query().getEditor().setText("registry.lan:5000");
            robot.lookup("#settingsRegistryInsecure").<CheckBox>query().setSelected(true);
        });
        click(robot, "#settingsRegistryApply");
        waitUntil(15, () -> robot.lookup("#settingsRegistryStatus").<Label>query().getText().startsWith("Saved for registry.lan:5000 when"));
        waitUntil(15, () -> robot.lookup("#settingsInsecure").<ListView<String>>query().getItems().contains("registry.lan:5000"));
        // Apply keeps the change for OK: nothing is written yet
        assertThat(RegistrySettings.load(app.env, List.of()).isInsecure("registry.lan:5000")).isFalse();

        click(robot, "#settingsOk");
        waitUntil(10, () -> robot.lookup("#settingsDialog").tryQuery().isEmpty());
        waitUntil(10, () -> RegistrySettings.load(app.env, List.of()).isInsecure("registry.lan:5000"));
        assertThat(RegistrySettings.load(app.env, List.of()).isInsecure("registry.example.com")).isFalse();
        Properties p = saved();
        assertThat(p.getProperty(DesktopSettings.THEME)).isEqualTo("dark");
        assertThat(p.getProperty(DesktopSettings.LANGUAGE)).isEqualTo("zh-CN");
        assertThat(p.getProperty(DesktopSettings.STORE)).isEqualTo(otherStore.toString());
        // a new start reads them back
        DesktopSettings again = DesktopSettings.load(app.env);
        assertThat(again.get(DesktopSettings.LANGUAGE, "")).isEqualTo("zh-CN");
        again.close();
    }

    @Test
    void cancelUndoesTheRegistryChangesAndASavedCaIsShown(FxRobot robot) throws Exception {
        Path ca = app.dir.resolve("lan-ca.pem");
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        robot.interact(app.actions::settings);
        waitUntil(10, () -> robot.lookup("#settingsDialog").tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#settingsRegistry").<ComboBox<String>>query().getEditor().setText("registry.lan:5000");
            robot.lookup("#settingsRegistryInsecure").<CheckBox>query().setSelected(true);
            robot.lookup("#settingsCaFile").<TextField>query().setText(ca.toString());
        });
        click(robot, "#settingsRegistryApply");
        assertThat(fx(() -> robot.lookup("#settingsCaFile").<TextField>query().getText())).isEqualTo(ca.toString());
        robot.interact(() -> ((javafx.scene.control.DialogPane) robot.lookup("#settingsDialog").query())
                .lookupButton(javafx.scene.control.ButtonType.CANCEL).fireEvent(new javafx.event.ActionEvent()));
        waitUntil(10, () -> robot.lookup("#settingsDialog").tryQuery().isEmpty());
        Thread.sleep(500);
        assertThat(RegistrySettings.load(app.env, List.of()).isInsecure("registry.lan:5000")).isFalse();
        Path installed = app.dir.resolve("home/.config/stowage/certs.d/registry.lan:5000/ca.crt");
        assertThat(installed).doesNotExist();

        // again, with OK: written; opened once more, the registry shows its installed CA
        robot.interact(app.actions::settings);
        waitUntil(10, () -> robot.lookup("#settingsDialog").tryQuery().isPresent());
        robot.interact(() -> {
            robot.lookup("#settingsRegistry").<ComboBox<String>>query().getEditor().setText("registry.lan:5000");
            robot.lookup("#settingsRegistryInsecure").<CheckBox>query().setSelected(true);
            robot.lookup("#settingsCaFile").<TextField>query().setText(ca.toString());
        });
        click(robot, "#settingsRegistryApply");
        click(robot, "#settingsOk");
        waitUntil(10, () -> Files.isRegularFile(installed));
        robot.interact(app.actions::settings);
        waitUntil(10, () -> robot.lookup("#settingsDialog").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#settingsRegistry").<ComboBox<String>>query().getEditor().setText("registry.lan:5000"));
        waitUntil(10, () -> installed.toString().equals(robot.lookup("#settingsCaFile").<TextField>query().getText()));
        assertThat(fx(() -> robot.lookup("#settingsRegistryInsecure").<CheckBox>query().isSelected())).isTrue();
        click(robot, "#settingsOk");
    }

    @Test
    void windowGeometryIsRememberedAndRestored(FxRobot robot) throws Exception {
        robot.interact(() -> {
            stage.hide();
            WindowMemory.attach(stage, app.settings);
            stage.show();
        });
        robot.interact(() -> {
            stage.setX(40);
            stage.setY(30);
            stage.setWidth(900);
            stage.setHeight(640);
        });
        robot.interact(stage::hide);
        Properties p = saved();
        assertThat(Double.parseDouble(p.getProperty("window.width"))).isEqualTo(900);
        assertThat(Double.parseDouble(p.getProperty("window.height"))).isEqualTo(640);
        assertThat(p.getProperty("window.maximized")).isEqualTo("false");
        DesktopSettings second = DesktopSettings.load(app.env);
        Stage next = fx(() -> {
            Stage s = new Stage();
            s.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 200, 200));
            WindowMemory.attach(s, second);
            s.show();
            return s;
        });
        waitUntil(5, () -> next.getWidth() == 900 && next.getHeight() == 640 && next.getX() == 40 && next.getY() == 30);

        // maximized: remembered as such, with the bounds it had before, and maximized again next time
        robot.interact(() -> next.setMaximized(true));
        waitUntil(5, next::isMaximized);
        robot.interact(next::hide);
        second.flush();
        DesktopSettings afterMax = DesktopSettings.load(app.env);
        assertThat(afterMax.get("window.maximized", "")).isEqualTo("true");
        assertThat(afterMax.getDouble("window.width", 0)).isEqualTo(900);
        Stage third = fx(() -> {
            Stage s = new Stage();
            s.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 200, 200));
            WindowMemory.attach(s, afterMax);
            s.show();
            return s;
        });
        waitUntil(5, third::isMaximized);
        robot.interact(() -> {
            third.setMaximized(false);
            third.hide();
        });
        robot.interact(stage::show);
    }

    @Test
    void aWindowRememberedOffScreenOrHugeIsPutBackOnTheScreen(FxRobot robot) throws Exception {
        app.settings.putAll(java.util.Map.of("window.x", "9000", "window.y", "-4000", "window.width", "5000",
                "window.height", "600", "window.maximized", "false"));
        app.settings.flush();
        Stage s = fx(() -> {
            Stage w = new Stage();
            w.setScene(new javafx.scene.Scene(new javafx.scene.layout.StackPane(), 200, 200));
            WindowMemory.attach(w, DesktopSettings.load(app.env));
            w.show();
            return w;
        });
        var screen = fx(() -> javafx.stage.Screen.getPrimary().getVisualBounds());
        waitUntil(5, () -> s.getHeight() == 600);
        assertThat(fx(() -> new javafx.geometry.Rectangle2D(s.getX(), s.getY(), s.getWidth(), s.getHeight())))
                .isEqualTo(new javafx.geometry.Rectangle2D(screen.getMinX(), screen.getMinY(), screen.getWidth(), 600));
        robot.interact(s::hide);
    }
}
