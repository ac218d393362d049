package dev.stowage.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.stowage.cli.StowageCli;
import dev.stowage.store.Store;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The desktop app. Opens the store at {@code -Dstowage.store}, else {@code $STOWAGE_STORE}, else the default
 * location. Theme: {@code -Dstowage.theme=dark|light}; language: {@code -Dstowage.lang=zh-CN|en}.
 */
public final class StowageApp extends Application {
    private StoreService service;
    private StoreWatcher watcher;
    private Store store;
    private Exception storeError;

    /** Runs on the launcher thread, not the FX thread: opening (or creating) the store is I/O. */
    @Override
    public void init() {
        try {
            store = Store.open(storeLocation());
        } catch (Exception e) {
            storeError = e;
        }
    }

    public static Path storeLocation() {
        String explicit = System.getProperty("stowage.store");
        if (explicit != null && !explicit.isBlank()) return Path.of(explicit);
        return Store.defaultLocation(System.getenv());
    }

    /** Applies the AtlantaFX theme: dark when asked for, light otherwise. */
    public static void applyTheme() {
        String theme = System.getProperty("stowage.theme", "light").toLowerCase(Locale.ROOT);
        Application.setUserAgentStylesheet(theme.equals("dark")
                ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    @Override
    public void start(Stage stage) {
        long fxStarted = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        Messages messages = Messages.forChosenLocale();
        applyTheme();
        if (storeError != null) {
            Alert alert = new Alert(Alert.AlertType.ERROR,
                    messages.format("error.store", storeLocation(), StowageCli.message(storeError)));
            alert.showAndWait();
            Platform.exit();
            return;
        }
        service = new StoreService(store, messages);
        MainViewModel vm = new MainViewModel(service, messages);
        MainView view = new MainView(vm);
        stage.setTitle(messages.format("app.title", store.root()));
        stage.setScene(view.createScene());
        reportWhenShown(stage, fxStarted);
        stage.show();
        vm.refresh();
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

    @Override
    public void stop() {
        if (watcher != null) watcher.close();
        if (service != null) service.close();
    }
}
