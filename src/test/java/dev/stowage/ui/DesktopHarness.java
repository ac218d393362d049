package dev.stowage.ui;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.store.Store;
import dev.stowage.ui.actions.ImageActions;
import dev.stowage.ui.services.DesktopSettings;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The app as StowageApp wires it — main view, view-model, services, dialogs and actions — on a temporary store,
 * with HOME, DOCKER_CONFIG and XDG_CONFIG_HOME in a temporary folder so no real credentials or settings are touched.
 */
final class DesktopHarness {
    final Path dir;
    final Store store;
    final Map<String, String> env = new HashMap<>();
    final StoreService service;
    final MainViewModel vm;
    final MainView view;
    final DesktopSettings settings;
    final ImageActions actions;

    DesktopHarness(Stage stage, Path dir, Locale locale, String theme, Path... archives) throws IOException {
        this.dir = dir;
        env.put("HOME", dir.resolve("home").toString());
        env.put("DOCKER_CONFIG", dir.resolve("home/.docker").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        store = Store.open(dir.resolve("store"));
        for (Path archive : archives) {
            try (InputStream in = Files.newInputStream(archive)) {
                new ArchiveLoader(store).load(in);
            }
        }
        Messages messages = new Messages(locale);
        StowageApp.applyTheme(theme);
        settings = DesktopSettings.load(env);
        service = new StoreService(store, messages);
        vm = new MainViewModel(service, messages);
        view = new MainView(vm);
        stage.setScene(view.createScene());
        actions = ImageActions.install(view, vm, service, env, settings,
                new ImageActions.Appearance(store.root(), theme, locale.toLanguageTag()));
        stage.show();
        vm.refresh();
    }

    void close() throws IOException {
        actions.close();
        service.close();
        settings.close();
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    TableView<ImageRow> table() {
        return view.tableView();
    }

    static <T> T fx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
    }

    void waitForRows(int count) {
        waitUntil(20, () -> table().getItems().size() == count);
    }

    /** Selects the row of this repository (familiar name) only. */
    ImageRow select(FxRobot robot, String repository) {
        ImageRow row = fx(() -> table().getItems().stream().filter(r -> r.repository().equals(repository)).findFirst().orElseThrow());
        robot.interact(() -> {
            table().getSelectionModel().clearSelection();
            table().getSelectionModel().select(row);
            table().requestFocus();
        });
        return row;
    }

    /**
     * Clicks a node once it lies inside its window: a dialog whose content just grew is resized on the next
     * pulse, and until then its buttons may be outside the scene.
     */
    static void click(FxRobot robot, String query) {
        try {
            clickable(robot, query);
        } catch (AssertionError e) {
            throw new AssertionError(query + " not clickable: " + where(robot, query), e);
        }
        robot.clickOn(query);
    }

    private static void clickable(FxRobot robot, String query) {
        waitUntil(20, () -> {
            Node n = robot.lookup(query).query();
            if (n.getScene() == null || !n.isVisible()) return false;
            var b = n.localToScene(n.getBoundsInLocal());
            var screen = javafx.stage.Screen.getPrimary().getBounds();
            var onScreen = n.localToScreen(n.getBoundsInLocal());
            return b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= n.getScene().getWidth() + 0.5
                    && b.getMaxY() <= n.getScene().getHeight() + 0.5 && onScreen != null && screen.contains(onScreen.getMinX(), onScreen.getMinY(), onScreen.getWidth(), onScreen.getHeight());
        });
    }

    static String where(FxRobot robot, String query) {
        return fx(() -> {
            Node n = robot.lookup(query).query();
            var w = n.getScene().getWindow();
            return "node " + n.localToScene(n.getBoundsInLocal()) + " screen " + n.localToScreen(n.getBoundsInLocal())
                    + " scene " + n.getScene().getWidth() + "x" + n.getScene().getHeight() + " window " + w.getX() + ","
                    + w.getY() + " " + w.getWidth() + "x" + w.getHeight() + " screen " + javafx.stage.Screen.getPrimary().getBounds();
        });
    }

    static <T extends Node> T node(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).query());
    }
}
