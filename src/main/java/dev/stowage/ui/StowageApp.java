package dev.stowage.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.stowage.error.ErrorText;
import dev.stowage.store.Store;
import dev.stowage.ui.actions.ImageActions;
import dev.stowage.ui.actions.WindowMemory;
import dev.stowage.ui.services.DesktopSettings;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The desktop app. Opens the store at {@code -Dstowage.store}, else {@code $STOWAGE_STORE}, else the location
 * chosen in Settings, else the default location. Theme: {@code -Dstowage.theme=dark|light}, else Settings;
 * language: {@code -Dstowage.lang=zh-CN|en}, else Settings, else the system locale.
 */
public final class StowageApp extends Application {
    private StoreService service;
    private StoreWatcher watcher;
    private Store store;
    private Exception storeError;
    // --- dialogs ---
    private final Map<String, String> env = System.getenv();
    private DesktopSettings settings;
    private ImageActions actions;
    // --- end dialogs ---

    /** The app on this store, to which later starts hand their archives; null when it could not be claimed. */
    private static SingleInstance instance;

    /**
     * Opens the app and imports {@code archives} in it; when the app already runs on the same store, hands it
     * the archives instead (it comes to the front) and returns at once.
     */
    public static void open(List<Path> archives) {
        Map<String, String> env = System.getenv();
        Optional<Path> socket = SingleInstance.address(env, chosenStoreLocation(env, DesktopSettings.load(env)));
        if (socket.isPresent()) {
            try {
                Optional<SingleInstance> claimed = SingleInstance.claimOrHandOff(socket.get(), archives);
                if (claimed.isEmpty()) {
                    System.err.println("Stowage already runs on this store: handed it " + archives.size() + " file(s)");
                    return;
                }
                instance = claimed.get();
            } catch (java.io.IOException e) {
                System.err.println("Warning: " + e.getMessage() + "; opening another window");
            }
        }
        try {
            Application.launch(StowageApp.class, archives.stream().map(Path::toString).toArray(String[]::new));
        } finally {
            if (instance != null) {
                try {
                    instance.close();
                } catch (java.io.IOException e) {
                    System.err.println("Warning: " + e.getMessage());
                }
            }
        }
    }

    /** Runs on the launcher thread, not the FX thread: opening (or creating) the store is I/O. */
    @Override
    public void init() {
        settings = DesktopSettings.load(env);
        try {
            store = Store.open(chosenStoreLocation());
        } catch (Exception e) {
            storeError = e;
        }
    }

    public static Path storeLocation() {
        String explicit = System.getProperty("stowage.store");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        return Store.defaultLocation(System.getenv());
    }

    private Path chosenStoreLocation() {
        return chosenStoreLocation(env, settings);
    }

    private static Path chosenStoreLocation(Map<String, String> env, DesktopSettings settings) {
        String explicit = System.getProperty("stowage.store");
        String fromEnv = env.get("STOWAGE_STORE");
        if ((explicit == null || explicit.isBlank()) && (fromEnv == null || fromEnv.isBlank())) {
            var chosen = settings.get(DesktopSettings.STORE);
            if (chosen.isPresent()) return Path.of(chosen.get());
        }
        return storeLocation();
    }

    /** Applies the AtlantaFX theme: dark when asked for, light otherwise. */
    public static void applyTheme() {
        applyTheme(System.getProperty("stowage.theme", "light"));
    }

    /** Applies the AtlantaFX theme named ({@code dark}, else light). */
    public static void applyTheme(String theme) {
        Application.setUserAgentStylesheet("dark".equalsIgnoreCase(theme)
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void start(Stage stage) {
        long fxStarted = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        String lang = System.getProperty("stowage.lang", settings.get(DesktopSettings.LANGUAGE, ""));
        Messages messages = lang.isBlank() ? Messages.forChosenLocale() : new Messages(Locale.forLanguageTag(lang.replace('_', '-')));
        Locale.setDefault(messages.locale()); // JavaFX's own words (OK, Cancel, Show Details) in the same language
        String theme = System.getProperty("stowage.theme", settings.get(DesktopSettings.THEME, "light")).toLowerCase(Locale.ROOT);
        applyTheme(theme);
        if (storeError != null) {
            Alert alert = new Alert(Alert.AlertType.ERROR,
                    messages.format("error.store", chosenStoreLocation(), ErrorText.oneLine(storeError)));
            alert.showAndWait();
            Platform.exit();
            return;
        }
        service = new StoreService(store, messages);
        MainViewModel vm = new MainViewModel(service, messages);
        MainView view = new MainView(vm);
        stage.setTitle(messages.format("app.title", store.root()));
        stage.setScene(view.createScene());
        // --- dialogs ---
        actions = ImageActions.install(view, vm, service, env, settings, new ImageActions.Appearance(store.root(), theme,
                messages.locale().toLanguageTag().startsWith("zh") ? "zh-CN" : "en"));
        WindowMemory.attach(stage, settings);
        // --- end dialogs ---
        reportWhenShown(stage, fxStarted);
        // the Containers view's Commit… button opens the commit dialog on the selected container
        view.containersViewModel().commitActionProperty().set(c -> actions.commit(c.id()));
        stage.show();
        vm.refresh();
        // Docker and Podman engines beside the store, looked for on a background thread (none: the store alone)
        view.sourcesViewModel().setEngines(engineFinder(env, messages));
        view.sourcesViewModel().reloadEngines();
        sources = view.sourcesViewModel();
        List<Path> archives = getParameters().getUnnamed().stream().map(Path::of).toList();
        if (!archives.isEmpty()) vm.importFiles(archives);
        if (instance != null) instance.onFiles(OpenedArchives.into(stage, vm));
        try {
            watcher = new StoreWatcher(store.root(), () -> Platform.runLater(view::reload)).start();
        } catch (java.io.IOException e) {
            System.err.println("Warning: changes made by other processes will show after a refresh (F5): " + e.getMessage());
        }
    }

    /** Prints how long after the JVM started the window was shown, and when JavaFX called {@link #start}. */
    private static void reportWhenShown(Stage stage, long fxStarted) {
        stage.setOnShown(e -> {
            long shown = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
            System.err.println("Window shown in " + shown + " ms (JavaFX ready after " + fxStarted + " ms)");
        });
    }

    private dev.stowage.ui.sources.SourcesViewModel sources;

    /** Finds the engines that answer (blocking; the sidebar calls it on a background thread), each described once. */
    public static java.util.function.Supplier<java.util.List<dev.stowage.ui.images.EngineLocation>> engineFinder(
            Map<String, String> env, Messages messages) {
        return () -> dev.stowage.engine.EngineSource.discover(env).stream()
                .map(s -> dev.stowage.ui.images.EngineLocation.describe(s, messages)).toList();
    }

    @Override
    public void stop() {
        if (sources != null) sources.close();
        if (watcher != null) watcher.close();
        if (actions != null) actions.close();
        if (settings != null) settings.close();
        if (service != null) service.close();
    }
}
