package dev.stowage.ui;

import dev.stowage.container.Containers;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.LayerState;
import dev.stowage.testing.ImageArchives;
import dev.stowage.ui.containers.CreateContainerDialog;
import dev.stowage.ui.dialogs.CommitDialog;
import dev.stowage.ui.dialogs.Dialogs;
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
import javafx.scene.control.TabPane;
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

/**
 * PNGs of every page and dialog, light and dark, English and Chinese, in target/screenshots/ ({@code
 * THEME-LANG-NAME.png}, e.g. {@code dark-zh-push.png}) for review: the welcome pane, the images page, the details
 * pane's Overview, History, Layers and Inspect tabs, the containers page, and the Tag, Remove, Export, Push (layers
 * in flight), Pull, Commit, Create container, Log in, Settings and error dialogs. Each file must be the size of
 * what it shows, more than a few colours, and a dark window darker than a light one.
 */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final Path OUT = Path.of("target", "screenshots");
    private static final List<String> NAMES = List.of("welcome", "images", "details-overview", "details-history",
            "details-layers", "details-inspect", "containers", "tag", "remove", "export", "push", "pull", "commit",
            "create-container", "login", "settings", "error");

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
    }

    @AfterEach
    void close() throws IOException {
        if (app != null) app.close();
        else DesktopHarness.deleteTree(dir);
        StowageApp.applyTheme("light");
    }

    @Test
    void lightEnglish(FxRobot robot) throws Exception {
        shoot(robot, "light", Locale.ENGLISH);
    }

    @Test
    void darkEnglish(FxRobot robot) throws Exception {
        shoot(robot, "dark", Locale.ENGLISH);
    }

    @Test
    void lightChinese(FxRobot robot) throws Exception {
        shoot(robot, "light", Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void darkChinese(FxRobot robot) throws Exception {
        shoot(robot, "dark", Locale.SIMPLIFIED_CHINESE);
    }

    private void shoot(FxRobot robot, String theme, Locale locale) throws Exception {
        app = fx(() -> new DesktopHarness(stage, dir, locale, theme));
        robot.interact(() -> {
            stage.setWidth(1200);
            stage.setHeight(760);
        });
        String prefix = theme + "-" + locale.getLanguage();
        Files.createDirectories(OUT);
        Messages messages = app.vm.messages();
        app.waitForRows(0);
        save(prefix, "welcome", () -> stage.getScene());

        robot.interact(() -> app.vm.importFiles(List.of(archive)));
        app.waitForRows(2);
        waitUntil(20, () -> app.vm.currentTaskProperty().get() == null);
        app.select(robot, "busybox-httpd");
        save(prefix, "images", () -> stage.getScene());
        shootDetails(robot, prefix);
        shootContainers(robot, prefix, messages);

        TagDialog tag = fx(() -> app.actions.tag());
        robot.interact(() -> robot.lookup("#tagTarget").<TextField>query().setText("registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2"));
        shootDialog(prefix, "tag", tag.dialog());

        RemoveDialog remove = fx(() -> app.actions.remove());
        waitUntil(20, () -> !robot.lookup("#removeFreed").<Label>query().getText().equals(messages.get("remove.calculating")));
        shootDialog(prefix, "remove", remove.dialog());

        robot.interact(() -> app.table().getSelectionModel().selectAll());
        ExportDialog export = fx(() -> app.actions.export());
        shootDialog(prefix, "export", export.dialog());
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
        shootDialog(prefix, "push", push.dialog());

        PullDialog pull = fx(() -> app.actions.pull("ghcr.io/owner/app:1.0"));
        var q = pull.progress();
        q.onProgress(new LayerProgress("5a1b2c3d4e5f", LayerState.PULL_COMPLETE, 3_100_000, 3_100_000, null));
        q.onProgress(new LayerProgress("6b7c8d9e0f1a", LayerState.DOWNLOADING, 21_000_000, 48_000_000, null));
        q.onProgress(new LayerProgress("7c8d9e0f1a2b", LayerState.VERIFYING, 900_000, 900_000, null));
        q.onProgress(LayerProgress.of("8d9e0f1a2b3c", LayerState.WAITING));
        WaitForAsyncUtils.waitForFxEvents();
        shootDialog(prefix, "pull", pull.dialog());

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
        shootDialog(prefix, "commit", commit.dialog());

        LoginDialog login = fx(() -> app.actions.login("registry.example.com"));
        waitUntil(20, () -> robot.lookup("#loginStorage").<Label>query().getText().length() > 0);
        robot.interact(() -> {
            robot.lookup("#loginUsername").<TextField>query().setText("larry");
            robot.lookup("#loginPassword").<PasswordField>query().setText("not-shown");
        });
        shootDialog(prefix, "login", login.dialog());

        app.settings.put(dev.stowage.ui.services.DesktopSettings.THEME, theme);
        SettingsDialog settings = fx(() -> app.actions.settings());
        shootDialog(prefix, "settings", settings.dialog());
        robot.interact(() -> StowageApp.applyTheme(theme));

        CreateContainerDialog create = fx(() -> {
            CreateContainerDialog d = new CreateContainerDialog(messages, List.of("busybox-httpd:v0.2",
                    "registry.example.com/team/tool:1.4"), "busybox-httpd:v0.2");
            Dialogs.prepare(d.dialog(), stage);
            d.dialog().show();
            return d;
        });
        shootDialog(prefix, "create-container", create.dialog());

        Alert error = fx(() -> ErrorDialog.show(stage, app.vm.messages(), "Cannot push registry.example.com/team/app:1",
                new java.io.IOException("cannot connect to registry.example.com: Connection refused")));
        robot.interact(() -> error.getDialogPane().setExpanded(true));
        shootDialog(prefix, "error", error);

        for (String name : NAMES) {
            Path file = OUT.resolve(prefix + "-" + name + ".png");
            assertThat(file).as(name).isRegularFile();
            BufferedImage img = ImageIO.read(file.toFile());
            assertThat(new java.awt.Dimension(img.getWidth(), img.getHeight())).as(name + " is the size of what it shows")
                    .isEqualTo(sizes.get(prefix + "-" + name));
            assertThat(img.getWidth()).as(name).isGreaterThan(300);
            assertThat(img.getHeight()).as(name).isGreaterThan(150);
            assertThat(colours(img)).as(name + " is not blank").isGreaterThan(20);
        }
        double light = luminance(ImageIO.read(OUT.resolve(prefix + "-images.png").toFile()));
        if (theme.equals("dark")) assertThat(light).as("a dark window").isLessThan(0.4);
        else assertThat(light).as("a light window").isGreaterThan(0.6);
    }

    /** The details pane's four tabs, the pane made taller; Inspect with a search under way. */
    private void shootDetails(FxRobot robot, String prefix) throws IOException {
        TabPane tabs = fx(() -> (TabPane) robot.lookup(".tab-pane").match(n -> n instanceof TabPane t
                && t.getTabs().stream().anyMatch(tab -> "tab-inspect".equals(tab.getId()))).query());
        robot.interact(() -> {
            for (javafx.scene.Node n = tabs; n != null; n = n.getParent()) {
                if (n instanceof javafx.scene.control.SplitPane split && split.getOrientation() == javafx.geometry.Orientation.VERTICAL) {
                    split.setDividerPositions(0.3);
                    break;
                }
            }
        });
        for (String tab : List.of("overview", "history", "layers", "inspect")) {
            robot.interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                    .filter(t -> ("tab-" + tab).equals(t.getId())).findFirst().orElseThrow()));
            if (tab.equals("layers")) waitUntil(30, () -> robot.lookup("#layerTree").tryQuery().isPresent()
                    && robot.lookup("#layerTree").<javafx.scene.control.TreeTableView<?>>query().getRoot() != null);
            if (tab.equals("inspect")) {
                waitUntil(20, () -> !robot.lookup("#inspect-lines").<javafx.scene.control.ListView<?>>query().getItems().isEmpty());
                robot.interact(() -> robot.lookup("#inspect-search").<TextField>query().setText("sha256"));
            }
            WaitForAsyncUtils.waitForFxEvents();
            save(prefix, "details-" + tab, () -> stage.getScene());
        }
        robot.interact(() -> tabs.getSelectionModel().select(0));
    }

    private void shootContainers(FxRobot robot, String prefix, Messages messages) throws IOException {
        if (fx(() -> new Containers(app.store).list().isEmpty())) new Containers(app.store).create("busybox-httpd:v0.2", "web");
        clickSource(robot, messages.get("source.containers"));
        waitUntil(20, () -> robot.lookup("#containers").tryQuery().isPresent()
                && !robot.lookup("#containers").queryTableView().getItems().isEmpty());
        robot.interact(() -> robot.lookup("#containers").queryTableView().getSelectionModel().select(0));
        WaitForAsyncUtils.waitForFxEvents();
        save(prefix, "containers", () -> stage.getScene());
        clickSource(robot, messages.get("source.local"));
        waitUntil(20, () -> robot.lookup("#images").tryQuery().isPresent());
        app.select(robot, "busybox-httpd");
    }

    private static void clickSource(FxRobot robot, String label) {
        robot.clickOn(fx(() -> robot.lookup("#sources").lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Labeled l
                && label.equals(l.getText())).<javafx.scene.Node>query()));
    }

    private static double luminance(BufferedImage img) {
        double sum = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y += 4) {
            for (int x = 0; x < img.getWidth(); x += 4) {
                int rgb = img.getRGB(x, y);
                sum += (0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff)) / 255;
                n++;
            }
        }
        return sum / n;
    }

    private void shootDialog(String prefix, String name, Dialog<?> dialog) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        waitUntil(10, () -> dialog.isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        save(prefix, name, () -> dialog.getDialogPane().getScene());
        fx(() -> {
            dialog.close();
            if (dialog.isShowing()) dialog.getDialogPane().getScene().getWindow().hide();
            return null;
        });
    }

    private final java.util.Map<String, java.awt.Dimension> sizes = new java.util.HashMap<>();

    /** Writes the scene's snapshot, remembering the scene's size to compare with the file's. */
    private void save(String prefix, String name, Supplier<Scene> scene) throws IOException {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = fx(() -> scene.get().snapshot(null));
        java.awt.Dimension size = fx(() -> new java.awt.Dimension((int) Math.ceil(scene.get().getWidth()), (int) Math.ceil(scene.get().getHeight())));
        sizes.put(prefix + "-" + name, size);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] pixels = new int[w * h];
        fx(() -> {
            image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
            return null;
        });
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, pixels, 0, w);
        ImageIO.write(out, "png", OUT.resolve(prefix + "-" + name + ".png").toFile());
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) seen.add(img.getRGB(x, y));
        }
        return seen.size();
    }
}
