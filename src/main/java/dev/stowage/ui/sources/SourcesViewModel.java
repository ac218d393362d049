package dev.stowage.ui.sources;

import dev.stowage.registry.RegistrySettings;
import dev.stowage.registry.credentials.CredentialStore;
import dev.stowage.ui.StoreService;
import dev.stowage.ui.images.EngineLocation;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The sidebar's sources: Local images, Containers, the Docker and Podman engines that answer (found on a
 * background thread, see {@link #reloadEngines()}), then every registry the user has credentials for
 * (docker's and podman's files, see {@link CredentialStore#registries()}) or has configured in
 * {@code settings.json} ({@link RegistrySettings}); the registries are read on a background task.
 */
public final class SourcesViewModel {
    private final StoreService service;
    private Supplier<SortedSet<String>> registries;
    private final java.util.concurrent.ExecutorService network = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-registry-catalog");
        t.setDaemon(true);
        return t;
    });
    private final ObservableList<Source> sources = FXCollections.observableArrayList(Source.LOCAL, Source.CONTAINERS);
    private final ObjectProperty<Source> selected = new SimpleObjectProperty<>(this, "selected", Source.LOCAL);

    private Supplier<List<EngineLocation>> engines = List::of;
    private List<EngineLocation> engineLocations = List.of();
    private SortedSet<String> registryNames = new TreeSet<>();

    public SourcesViewModel(StoreService service, Supplier<SortedSet<String>> registries) {
        this.service = service;
        this.registries = registries;
    }

    /** How engines are found (e.g. {@code EngineSource.discover(env)}, each described); call {@link #reloadEngines()} after. */
    public void setEngines(Supplier<List<EngineLocation>> engines) {
        this.engines = engines;
    }

    /** The engines in the sidebar now. */
    public List<EngineLocation> engines() {
        return engineLocations;
    }

    /**
     * Looks for engines again on a background thread (the registry catalog's, never the store's): the ones that
     * answer replace those listed before. None answering is not an error: the sidebar then has no engine.
     */
    public Task<List<EngineLocation>> reloadEngines() {
        Task<List<EngineLocation>> task = new Task<>() {
            @Override
            protected List<EngineLocation> call() {
                return engines.get();
            }
        };
        task.setOnSucceeded(e -> {
            List<EngineLocation> old = engineLocations;
            engineLocations = List.copyOf(task.getValue());
            Source was = selected.get();
            rebuild(was != null && was.kind() == Source.Kind.ENGINE
                    ? engineLocations.stream().filter(l -> l.name().equals(was.registry())).findFirst().map(Source::engine).orElse(Source.LOCAL)
                    : was);
            old.forEach(l -> network.execute(l::close));
        });
        network.execute(task);
        return task;
    }

    private void rebuild(Source wanted) {
        List<Source> fresh = new ArrayList<>(List.of(Source.LOCAL, Source.CONTAINERS));
        engineLocations.forEach(l -> fresh.add(Source.engine(l)));
        registryNames.forEach(r -> fresh.add(Source.registry(r)));
        sources.setAll(fresh);
        selected.set(fresh.contains(wanted) ? wanted : Source.LOCAL);
    }

    /** Closes the engines' connections (at exit). */
    public void close() {
        engineLocations.forEach(EngineLocation::close);
        network.shutdownNow();
    }

    /** The registries from this process's environment: credentials and settings. */
    public static SortedSet<String> environmentRegistries() {
        return registriesOf(System.getenv());
    }

    /** The registries the credentials and settings of {@code env} name. */
    public static SortedSet<String> registriesOf(Map<String, String> env) {
        SortedSet<String> out = new TreeSet<>();
        try {
            out.addAll(CredentialStore.fromEnvironment(env).registries());
        } catch (RuntimeException e) {
            // an unreadable credentials file: the registries of the other sources are still shown
        }
        try {
            out.addAll(RegistrySettings.load(env, List.of()).insecureRegistries());
        } catch (RuntimeException e) {
            // likewise for unreadable settings
        }
        return out;
    }

    /** Where the registries come from (this process's credentials and settings by default); call {@link #reloadRegistries()} after. */
    public void setRegistries(Supplier<SortedSet<String>> registries) {
        this.registries = registries;
    }

    public ObservableList<Source> sources() {
        return sources;
    }

    public ObjectProperty<Source> selectedProperty() {
        return selected;
    }

    private dev.stowage.ui.registry.BrowserHooks browserHooks = new dev.stowage.ui.registry.BrowserHooks(
            registry -> {
                Map<String, String> env = System.getenv();
                return new dev.stowage.registry.RegistryApi(new dev.stowage.registry.RegistryClient(registry,
                        CredentialStore.fromEnvironment(env).get(registry), RegistrySettings.load(env, List.of())));
            }, reference -> { }, (registry, after) -> { });

    /** What a registry's browser page uses: this process's credentials and no dialogs, until the app sets its own. */
    public dev.stowage.ui.registry.BrowserHooks browserHooks() {
        return browserHooks;
    }

    public void setBrowserHooks(dev.stowage.ui.registry.BrowserHooks hooks) {
        this.browserHooks = hooks;
    }

    /** Re-reads the registries (after a login or logout, call this). */
    public Task<SortedSet<String>> reloadRegistries() {
        Task<SortedSet<String>> task = new Task<>() {
            @Override
            protected SortedSet<String> call() {
                return registries.get();
            }
        };
        task.setOnSucceeded(e -> {
            registryNames = task.getValue();
            rebuild(selected.get());
        });
        return service.submit(task);
    }
}
