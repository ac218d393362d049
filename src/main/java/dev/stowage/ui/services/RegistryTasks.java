package dev.stowage.ui.services;

import dev.stowage.engine.EngineImages;
import dev.stowage.engine.ImageSource;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.ImagePuller;
import dev.stowage.registry.ImagePusher;
import dev.stowage.registry.Login;
import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistrySettings;
import dev.stowage.registry.RegistrySettingsFile;
import dev.stowage.registry.credentials.Credential;
import dev.stowage.registry.credentials.CredentialStore;
import dev.stowage.registry.credentials.RegistryKeys;
import dev.stowage.registry.credentials.StoreResult;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.ui.Messages;
import dev.stowage.util.ParallelGzip;
import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Registry work as {@link Task}s on a pool of their own (a push must not hold up reading the store): login
 * checks, storing credentials as docker does, push and pull with per-layer progress, registry settings.
 * Cancelling a push or pull task aborts its HTTP requests ({@link RegistryClient#cancel()}).
 */
public final class RegistryTasks implements AutoCloseable {
    private static final int PARALLEL = 4;

    private final Map<String, String> env;
    private final Store store;
    private final Messages messages;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-registry-worker");
        t.setDaemon(true);
        return t;
    });

    public RegistryTasks(Map<String, String> env, Store store, Messages messages) {
        this.env = Map.copyOf(env);
        this.store = store;
        this.messages = messages;
    }

    public <T> Task<T> submit(Task<T> task) {
        executor.execute(task);
        return task;
    }

    private RegistrySettings settings() {
        return RegistrySettings.load(env, List.of());
    }

    private CredentialStore credentials() {
        return CredentialStore.fromEnvironment(env);
    }

    /** Where a login would keep the secret, and the registries logged in to. */
    public record CredentialInfo(Optional<String> helper, Path configFile, List<String> registries) {
    }

    /** For a registry: its credential helper (if one is configured), docker's config.json, and every logged-in registry. */
    public Task<CredentialInfo> credentialInfo(String registry) {
        return new Task<>() {
            @Override
            protected CredentialInfo call() {
                CredentialStore c = credentials();
                String reg = registry == null || registry.isBlank() ? RegistryKeys.DOCKER_HUB : RegistryKeys.normalize(registry);
                return new CredentialInfo(c.helperFor(reg), c.dockerConfigFile(), c.registries());
            }
        };
    }

    /** The login request of the dialog. The password is kept only as long as the request. */
    public record LoginRequest(String registry, String username, String password, Path caFile, boolean insecure) {
        @Override
        public String toString() {
            return "LoginRequest[registry=" + registry + ", username=" + username + "]";
        }
    }

    /** Applies the CA and insecure choices, then checks the credentials through the registry's auth flow. */
    public Task<Credential> testLogin(LoginRequest request) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.loginTest", request.registry()));
            }

            @Override
            protected Credential call() throws IOException {
                applyRegistryOptions(request);
                return Login.verify(RegistryKeys.normalize(request.registry()),
                        new Credential(request.username(), request.password(), false), settings());
            }
        };
    }

    /** {@code docker login}: checks, then stores the credential (helper, else config.json). */
    public Task<StoreResult> login(LoginRequest request) {
        return new Task<>() {
            {
                updateTitle(messages.format("task.login", request.registry()));
            }

            @Override
            protected StoreResult call() throws IOException {
                applyRegistryOptions(request);
                String registry = RegistryKeys.normalize(request.registry());
                Credential verified = Login.verify(registry, new Credential(request.username(), request.password(), false), settings());
                return credentials().store(registry, verified);
            }
        };
    }

    private void applyRegistryOptions(LoginRequest request) throws IOException {
        String registry = RegistryKeys.normalize(request.registry());
        RegistrySettingsFile file = new RegistrySettingsFile(env);
        if (request.caFile() != null) file.installCa(registry, request.caFile());
        if (request.insecure() || file.insecureRegistries().contains(registry)) file.setInsecure(registry, request.insecure());
    }

    /** The CA file Stowage installed for a registry ({@code certs.d/<host>/ca.crt}), or null. */
    public Task<Path> installedCa(String registry) {
        return new Task<>() {
            @Override
            protected Path call() {
                Path ca = new RegistrySettingsFile(env).caFile(RegistryKeys.normalize(registry));
                return java.nio.file.Files.isRegularFile(ca) ? ca : null;
            }
        };
    }

    /** Marks a registry insecure or not and installs its CA (null: keep). */
    public Task<Void> saveRegistry(String registry, boolean insecure, Path caFile) {
        return new Task<>() {
            @Override
            protected Void call() throws IOException {
                RegistrySettingsFile file = new RegistrySettingsFile(env);
                String reg = RegistryKeys.normalize(registry);
                file.setInsecure(reg, insecure);
                if (caFile != null) file.installCa(reg, caFile);
                return null;
            }
        };
    }

    /** The registries marked insecure in settings.json. */
    public Task<List<String>> insecureRegistries() {
        return new Task<>() {
            @Override
            protected List<String> call() throws IOException {
                return new RegistrySettingsFile(env).insecureRegistries();
            }
        };
    }

    /** A client for {@code registry} with the app's credentials and settings; it reads them: call it off the FX thread. */
    public RegistryApi api(String registry) {
        return new RegistryApi(new RegistryClient(registry, credentials().get(registry), settings()));
    }

    /** A task whose HTTP requests stop when it is cancelled. */
    private abstract static class RegistryTask<T> extends CancellableTask<T> {
        RegistryApi api(String registry, Optional<Credential> credential, RegistrySettings settings) {
            RegistryClient c = new RegistryClient(registry, credential, settings);
            cancellation().onCancel(c::cancel);
            return new RegistryApi(c);
        }
    }

    /** What a push did: the manifest digest ({@code null} when an engine does not report it) and its size. */
    public record Pushed(String digest, long size) {
    }

    /** What a pull did: the digest pulled (null when an engine does not report it) and whether anything new came. */
    public record Pulled(String digest, boolean updated) {
    }

    /** {@code docker push}: the store's image {@code source} (a name or ID) pushed as {@code target}. */
    public Task<Pushed> push(String source, Reference target, ProgressListener progress) {
        return new RegistryTask<>() {
            {
                updateTitle(messages.format("task.push", target.familiarString()));
            }

            @Override
            protected Pushed call() throws IOException {
                LocalImage image = ImageResolver.of(store).resolve(source);
                String registry = target.domain();
                RegistryApi api = api(registry, credentials().get(registry), settings());
                ImagePusher.Result r = new ImagePusher(store, api, progress, PARALLEL, ParallelGzip.defaults()).push(image, target);
                return new Pushed(r.digest().toString(), r.size());
            }
        };
    }

    /**
     * {@code docker tag SOURCE TARGET && docker push TARGET} on an engine: the engine pushes with this app's
     * credentials for the registry (and its insecure setting), its progress mapped onto the same layer rows.
     */
    public Task<Pushed> push(ImageSource engine, String source, Reference target, ProgressListener progress) {
        return new EngineTask<>(engine) {
            {
                updateTitle(messages.format("task.pushEngine", target.familiarString(), engine.name()));
            }

            @Override
            protected Pushed call() throws IOException {
                Reference named = target.tag().isPresent() ? target : target.withTag(Reference.DEFAULT_TAG);
                engine.tag(source, named);
                String registry = target.domain();
                EngineImages.PushResult r = engine.push(named, credentials().get(registry), settings().isInsecure(registry), progress);
                return new Pushed(r.digest(), r.size());
            }
        };
    }

    /** {@code docker pull}: {@code ref} for {@code platform} (null: this machine's) into the store. */
    public Task<Pulled> pull(Reference ref, Platform platform, ProgressListener progress) {
        return new RegistryTask<>() {
            {
                updateTitle(messages.format("task.pull", ref.familiarString()));
            }

            @Override
            protected Pulled call() throws IOException {
                String registry = ref.domain();
                RegistryApi api = api(registry, credentials().get(registry), settings());
                ImagePuller.Result r = new ImagePuller(store, api, progress, PARALLEL).pull(ref, platform == null ? Platform.current() : platform, false);
                return new Pulled(r.digest().toString(), r.updated());
            }
        };
    }

    /** {@code docker pull} by an engine, with this app's credentials and insecure setting for the registry. */
    public Task<Pulled> pull(ImageSource engine, Reference ref, Platform platform, ProgressListener progress) {
        return new EngineTask<>(engine) {
            {
                updateTitle(messages.format("task.pullEngine", ref.familiarString(), engine.name()));
            }

            @Override
            protected Pulled call() throws IOException {
                String registry = ref.domain();
                EngineImages.PullResult r = engine.pull(ref, credentials().get(registry), settings().isInsecure(registry), platform, progress);
                boolean upToDate = r.status() != null && r.status().toLowerCase(java.util.Locale.ROOT).contains("up to date");
                return new Pulled(r.digest() != null ? r.digest() : r.imageId(), !upToDate);
            }
        };
    }

    /** A task on an engine whose calls stop when it is cancelled. */
    private abstract static class EngineTask<T> extends CancellableTask<T> {
        EngineTask(ImageSource engine) {
            cancellation().onCancel(engine::cancel);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
