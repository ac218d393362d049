package dev.stowage.ui;

import dev.stowage.container.Containers;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.testing.ImageArchives;
import dev.stowage.ui.dialogs.CommitDialog;
import dev.stowage.ui.dialogs.ErrorDialog;
import dev.stowage.ui.dialogs.ExportDialog;
import dev.stowage.ui.dialogs.LoginDialog;
import dev.stowage.ui.dialogs.PullDialog;
import dev.stowage.ui.dialogs.PushDialog;
import dev.stowage.ui.dialogs.RemoveDialog;
import dev.stowage.ui.dialogs.SettingsDialog;
import dev.stowage.ui.dialogs.TagDialog;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import static dev.stowage.ui.DesktopHarness.fx;
import static dev.stowage.ui.DesktopHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** PNGs of the main window (empty and with images) and of every dialog, in both themes, in target/screenshots/ for review. */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final Path OUT = Path.of("target", "screenshots");

    private DesktopHarness app;
    private Path dir;
    private Stage stage;
    private Path archive;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        dir = Files.createTempDirectory("stowage-screens");
        Path base = ImageArchives.layer(dir, "etc/os-release", "NAME=Example\n".repeat(3000));
        Path a = ImageArchives.layer(dir, "srv/www/index.html", "<h1>hello</h1>\n".repeat(9000));
        Path b = ImageArchives.layer(dir, "usr/bin/tool", "binary ".repeat(40000));
        archive = ImageArchives.dockerArchive(dir.resolve("images.tar"), List.of(
                new ImageArchives.Image("busybox-httpd:v0.2", "Larry Yu", List.of(base, a)),
                new ImageArchives.Image("registry.example.com/team/tool:1.4", "Build Bot", List.of(base, b))));
        app = new DesktopHarness(stage, dir, Locale.ENGLISH, "light");
        stage.setWidth(1100);
        stage.setHeight(720);
    }

    @AfterEach
    void close() throws IOException {
        app.close();
        StowageApp.applyTheme("light");
    }

    @Test
    void lightTheme(FxRobot robot) throws Exception {
        shoot(robot, "light");
    }

    @Test
    void darkTheme(FxRobot robot) throws Exception {
        shoot(robot, "dark");
    }

    private void shoot(FxRobot robot, String theme) throws Exception {
        Files.createDirectories(OUT);
        robot.interact(() -> StowageApp.applyTheme(theme));
        app.waitForRows(0);
        save(theme, "main-empty", () -> stage.getScene());

        robot.interact(() -> app.vm.importFiles(List.of(archive)));
        app.waitForRows(2);
        waitUntil(20, () -> app.vm.currentTaskProperty().get() == null);
        app.select(robot, "busybox-httpd");
        save(theme, "main", () -> stage.getScene());

        TagDialog tag = fx(() -> app.actions.tag());
        robot.interact(() -> robot.lookup("#tagTarget").<TextField>query().setText("registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2"));
        shootDialog(theme, "tag", tag.dialog());

        RemoveDialog remove = fx(() -> app.actions.remove());
        waitUntil(20, () -> robot.lookup("#removeFreed").<Label>query().getText().contains(":"));
        shootDialog(theme, "remove", remove.dialog());

        robot.interact(() -> app.table().getSelectionModel().selectAll());
        ExportDialog export = fx(() -> app.actions.export());
        shootDialog(theme, "export", export.dialog());
        app.select(robot, "busybox-httpd");

        PushDialog push = fx(() -> app.actions.push());
        robot.interact(() -> robot.lookup("#pushTarget").<javafx.scene.control.ComboBox<String>>query().getEditor()
                .setText("registry.example.com/larry-yu/busybox-httpd:v0.2"));
        var p = push.progress();
        p.onProgress(new LayerProgress("3f1e2a0c7d11", LayerState.PUSHED, 2_400_000, 2_400_000, null));
        p.onProgress(new LayerProgress("9c0b2d4e5f60", LayerState.PUSHING, 5_300_000, 12_800_000, null));
        p.onProgress(new LayerProgress("77aa01bc22dd", LayerState.ALREADY_EXISTS, -1, 812_000, null));
        p.onProgress(new LayerProgress("e4d3c2b1a099", LayerState.MOUNTED, -1, -1, "library/busybox"));
        p.onProgress(LayerProgress.of("0f0e0d0c0b0a", LayerState.PREPARING));
        WaitForAsyncUtils.waitForFxEvents();
        shootDialog(theme, "push", push.dialog());

        PullDialog pull = fx(() -> app.actions.pull("ghcr.io/owner/app:1.0"));
        var q = pull.progress();
        q.onProgress(new LayerProgress("5a1b2c3d4e5f", LayerState.PULL_COMPLETE, 3_100_000, 3_100_000, null));
        q.onProgress(new LayerProgress("6b7c8d9e0f1a", LayerState.DOWNLOADING, 21_000_000, 48_000_000, null));
        q.onProgress(new LayerProgress("7c8d9e0f1a2b", LayerState.VERIFYING, 900_000, 900_000, null));
        q.onProgress(LayerProgress.of("8d9e0f1a2b3c", LayerState.WAITING));
        WaitForAsyncUtils.waitForFxEvents();
        shootDialog(theme, "pull", pull.dialog());

        if (fx(() -> new Containers(app.store).list().isEmpty())) new Containers(app.store).create("busybox-httpd:v0.2", "web");
        CommitDialog commit = fx(() -> app.actions.commit("web"));
        waitUntil(20, () -> robot.lookup("#commitContainer").<javafx.scene.control.ComboBox<?>>query().getValue() != null);
        robot.interact(() -> {
            robot.lookup("#commitName").<TextField>query().setText("larry-yu/busybox-httpd:v0.3");
            robot.lookup("#commitAuthor").<TextField>query().setText("Larry Yu <larry@example.com>");
            robot.lookup("#commitMessage").<TextField>query().setText("serve /srv/www");
            robot.lookup("#commitCmd").<TextField>query().setText("/bin/httpd -f -p 8080 -h /srv/www");
            commit.addChange("EXPOSE", "8080/tcp");
            commit.addChange("ENV", "GREETING=hello");
        });
        shootDialog(theme, "commit", commit.dialog());

        LoginDialog login = fx(() -> app.actions.login("registry.example.com"));
        waitUntil(20, () -> robot.lookup("#loginStorage").<Label>query().getText().length() > 0);
        robot.interact(() -> {
            robot.lookup("#loginUsername").<TextField>query().setText("larry");
            robot.lookup("#loginPassword").<PasswordField>query().setText("not-shown");
        });
        shootDialog(theme, "login", login.dialog());

        app.settings.put(dev.stowage.ui.services.DesktopSettings.THEME, theme);
        SettingsDialog settings = fx(() -> app.actions.settings());
        shootDialog(theme, "settings", settings.dialog());
        robot.interact(() -> StowageApp.applyTheme(theme));

        Alert error = fx(() -> ErrorDialog.show(stage, app.vm.messages(), "Cannot push registry.example.com/team/app:1",
                new java.io.IOException("cannot connect to registry.example.com: Connection refused")));
        robot.interact(() -> error.getDialogPane().setExpanded(true));
        shootDialog(theme, "error", error);

        for (String name : List.of("main-empty", "main", "tag", "remove", "export", "push", "pull", "commit", "login", "settings", "error")) {
            Path file = OUT.resolve(theme + "-" + name + ".png");
            assertThat(file).isRegularFile();
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(img.getWidth()).as(name).isGreaterThan(300);
            assertThat(img.getHeight()).as(name).isGreaterThan(150);
            assertThat(colours(img)).as(name + " is not blank").isGreaterThan(20);
        }
    }

    private void shootDialog(String theme, String name, Dialog<?> dialog) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(10, () -> dialog.isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        save(theme, name, () -> dialog.getDialogPane().getScene());
        fx(() -> {
            dialog.close();
            if (dialog.isShowing()) dialog.getDialogPane().getScene().getWindow().hide();
            return null;
        });
    }

    private static void save(String theme, String name, Supplier<Scene> scene) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> scene.get().snapshot(null));
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] pixels = new int[w * h];
        fx(() -> {
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
            return null;
        });
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        ImageIO.write(out, "png", OUT.resolve(theme + "-" + name + ".png").toFile());
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) seen.add(img.getRGB(x, y));
        }
        return seen.size();
    }
}
