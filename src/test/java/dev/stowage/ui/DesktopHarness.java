package dev.stowage.ui;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.container.Container;
import dev.stowage.store.Store;
import dev.stowage.ui.actions.ImageActions;
import dev.stowage.ui.services.DesktopSettings;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The main window on a temporary store, headless, with HOME, DOCKER_CONFIG and XDG_CONFIG_HOME in a temporary folder
 * so no real credentials or settings are touched. Either the app as StowageApp wires it — main view, view-model,
 * services, dialogs and actions ({@link #app}, or the constructor) — or the main window alone, without the dialogs'
 * actions and settings ({@link #window}). {@link #close} removes the store's containers and the whole folder.
 */
public final class DesktopHarness {
    public final Path dir;
    public final Store store;
    public final Map<String, String> env = new HashMap<>();
    public final StoreService service;
    public final MainViewModel vm;
    public final MainView view;
    /** Null for {@link #window}. */
    public final DesktopSettings settings;
    /** Null for {@link #window}. */
    public final ImageActions actions;
    private final StoreWatcher watcher;
    private final Locale previousLocale = Locale.getDefault();

    /** Puts images into the new store before the window opens. */
    @FunctionalInterface
    public interface StoreFill {
        void fill(Store store) throws IOException;
    }

    /** What goes into the window: which kind, in which locale and theme, with which images. */
    public static final class Builder {
        private final boolean withActions;
        private final Locale locale;
        private final String theme;
        private final List<StoreFill> fills = new ArrayList<>();
        private Consumer<MainView> beforeShow = view -> { };
        private boolean watchStore;

        private Builder(boolean withActions, Locale locale, String theme) {
            this.withActions = withActions;
            this.locale = locale;
            this.theme = theme;
        }

        /** Loads these image archives into the store. */
        public Builder archives(Path... archives) {
            for (Path archive : archives) {
                fills.add(store -> {
                    try (InputStream in = Files.newInputStream(archive)) {
                        new ArchiveLoader(store).load(in);
                    }
                });
            }
            return this;
        }

        /** Puts images into the store some other way (after the archives given before). */
        public Builder images(StoreFill fill) {
            fills.add(fill);
            return this;
        }

        /** Runs on the view once it is in the stage, before the stage is shown. */
        public Builder beforeShow(Consumer<MainView> setUp) {
            beforeShow = setUp;
            return this;
        }

        /** Reloads the view when another process changes the store, as StowageApp does. */
        public Builder watchStore() {
            watchStore = true;
            return this;
        }

        /** Opens the store in {@code dir}/store and shows the window in {@code stage}. */
        public DesktopHarness show(Stage stage, Path dir) throws IOException {
            return new DesktopHarness(stage, dir, this);
        }
    }

    /** The app as StowageApp wires it, dialogs and actions included. */
    public static Builder app(Locale locale, String theme) {
        return new Builder(true, locale, theme);
    }

    /** The main window alone (view, view-model, store service) in the theme StowageApp.applyTheme() picks. */
    public static Builder window(Locale locale) {
        return new Builder(false, locale, null);
    }

    public DesktopHarness(Stage stage, Path dir, Locale locale, String theme, Path... archives) throws IOException {
        this(stage, dir, app(locale, theme).archives(archives));
    }

    private DesktopHarness(Stage stage, Path dir, Builder b) throws IOException {
        this.dir = dir;
        env.put("HOME", dir.resolve("home").toString());
        env.put("DOCKER_CONFIG", dir.resolve("home/.docker").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
        env.put("XDG_RUNTIME_DIR", dir.resolve("run").toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        store = Store.open(dir.resolve("store"));
        for (StoreFill fill : b.fills) fill.fill(store);
        Messages messages = new Messages(b.locale);
        Locale.setDefault(b.locale); // as StowageApp does: JavaFX's own words in the same language
        if (b.theme == null) StowageApp.applyTheme();
        else StowageApp.applyTheme(b.theme);
        settings = b.withActions ? DesktopSettings.load(env) : null;
        service = new StoreService(store, messages);
        vm = new MainViewModel(service, messages);
        view = new MainView(vm);
        stage.setScene(view.createScene());
        actions = b.withActions ? ImageActions.install(view, vm, service, env, settings,
                new ImageActions.Appearance(store.root(), b.theme, b.locale.toLanguageTag())) : null;
        b.beforeShow.accept(view);
        stage.show();
        vm.refresh();
        watcher = b.watchStore ? new StoreWatcher(store.root(), () -> Platform.runLater(view::reload)).start() : null;
    }

    public void close() throws IOException {
        Locale.setDefault(previousLocale);
        if (watcher != null) watcher.close();
        if (actions != null) actions.close();
        service.close();
        if (settings != null) settings.close();
        // rm -f: a container the test ran is killed first, nothing is left running
        var runner = new dev.stowage.container.run.ContainerRunner(store, env, null);
        for (Container c : runner.containers().list()) runner.remove(c, true);
        deleteTree(dir);
    }

    /** Deletes a folder and everything in it, leaving what cannot be deleted. */
    public static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public TableView<ImageRow> table() {
        return view.tableView();
    }

    public static <T> T fx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static void waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within " + seconds + " s", e);
        }
    }

    public void waitForRows(int count) {
        waitUntil(20, () -> table().getItems().size() == count);
    }

    /** Selects the row of this repository (familiar name) only. */
    public ImageRow select(FxRobot robot, String repository) {
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
    public static void click(FxRobot robot, String query) {
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

    public static String where(FxRobot robot, String query) {
        return fx(() -> {
            Node n = robot.lookup(query).query();
            var w = n.getScene().getWindow();
            return "node " + n.localToScene(n.getBoundsInLocal()) + " screen " + n.localToScreen(n.getBoundsInLocal())
                    + " scene " + n.getScene().getWidth() + "x" + n.getScene().getHeight() + " window " + w.getX() + ","
                    + w.getY() + " " + w.getWidth() + "x" + w.getHeight() + " screen " + javafx.stage.Screen.getPrimary().getBounds();
        });
    }

    public static <T extends Node> T node(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).query());
    }
}
