package dev.stowage.ui.registry;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Digest;
import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RegistryBrowser;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.auth.AuthException;
import dev.stowage.ui.Messages;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One registry being browsed: its catalog page by page (filtered as the user types), a repository's tags, each
 * tag's details read when its row is shown (on the bounded {@code detailsPool}), and deleting a tag's manifest.
 * Every network call runs on a background thread; the properties change on the FX thread.
 */
public final class RegistryBrowserModel {
    /** Repositories one catalog page asks for. */
    static final int CATALOG_PAGE = 100;

    private final String registry;
    private final BrowserHooks hooks;
    private final Messages messages;
    private final ExecutorService network;
    private final ExecutorService detailsPool;
    private volatile RegistryBrowser browser;

    private final ObservableList<String> repositories = FXCollections.observableArrayList();
    private final FilteredList<String> filtered = new FilteredList<>(repositories);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final StringProperty catalogStatus = new SimpleStringProperty(this, "catalogStatus", "");
    private final BooleanProperty catalogRefused = new SimpleBooleanProperty(this, "catalogRefused");
    private final BooleanProperty moreRepositories = new SimpleBooleanProperty(this, "moreRepositories");
    private final BooleanProperty loginOffered = new SimpleBooleanProperty(this, "loginOffered");
    private RegistryApi.Page lastPage;
    private boolean catalogLoading;
    private boolean catalogStarted;

    private final StringProperty repository = new SimpleStringProperty(this, "repository");
    private final ObservableList<TagRow> tags = FXCollections.observableArrayList();
    private final StringProperty tagsStatus = new SimpleStringProperty(this, "tagsStatus", "");
    private final ObjectProperty<TagRow> selectedTag = new SimpleObjectProperty<>(this, "selectedTag");
    private volatile int tagsGeneration;

    RegistryBrowserModel(String registry, BrowserHooks hooks, Messages messages, ExecutorService network, ExecutorService detailsPool) {
        this.registry = registry;
        this.hooks = hooks;
        this.messages = messages;
        this.network = network;
        this.detailsPool = detailsPool;
        filter.addListener((o, was, now) -> {
            String wanted = now == null ? "" : now.trim().toLowerCase(Locale.ROOT);
            filtered.setPredicate(wanted.isEmpty() ? null : name -> name.toLowerCase(Locale.ROOT).contains(wanted));
        });
    }

    /** The client, made on first use (off the FX thread: it reads the credentials). */
    private RegistryBrowser browser() {
        RegistryBrowser b = browser;
        if (b == null) {
            synchronized (this) {
                if (browser == null) browser = new RegistryBrowser(hooks.apis().apply(registry));
                b = browser;
            }
        }
        return b;
    }

    private <T> Task<T> background(Callable<T> work, Consumer<T> done, Consumer<Throwable> failed) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(e -> done.accept(task.getValue()));
        task.setOnFailed(e -> failed.accept(task.getException()));
        network.execute(task);
        return task;
    }

    /** A refusal that logging in may cure. */
    static boolean unauthorized(Throwable e) {
        return e instanceof AuthException || e instanceof RegistryException r && r.status() == 401;
    }

    /** The catalog is not offered to this user (Docker Hub refuses it to everyone). */
    static boolean refused(Throwable e) {
        return unauthorized(e) || e instanceof RegistryException r && (r.status() == 403 || r.status() == 404);
    }

    // ---- repositories

    /** Reads the next page of the catalog (the first when none was read); nothing while one is being read. */
    public void loadMoreRepositories() {
        if (catalogLoading || catalogStarted && (lastPage == null || lastPage.next() == null)) return;
        catalogLoading = true;
        catalogStarted = true;
        RegistryApi.Page previous = lastPage;
        catalogStatus.set(messages.format("browse.catalog.loading", registry));
        background(() -> previous == null ? browser().api().catalogPage(CATALOG_PAGE) : browser().api().catalogPage(previous.next()),
                page -> {
                    catalogLoading = false;
                    lastPage = page;
                    repositories.addAll(page.names());
                    moreRepositories.set(page.next() != null);
                    catalogStatus.set(messages.format(page.next() == null ? "browse.catalog.count" : "browse.catalog.countMore",
                            repositories.size()));
                },
                e -> {
                    catalogLoading = false;
                    if (previous == null) catalogStarted = false;
                    catalogRefused.set(refused(e));
                    if (unauthorized(e)) loginOffered.set(true);
                    catalogStatus.set(messages.format(refused(e) ? "browse.catalog.refused" : "browse.catalog.error", ErrorText.oneLine(e)));
                });
    }

    // ---- tags

    /** Lists a repository's tags (every page); their details are read as their rows are shown. */
    public void openRepository(String repo) {
        if (repo == null || repo.isBlank()) return;
        String name = repo.trim();
        int generation = ++tagsGeneration;
        repository.set(name);
        selectedTag.set(null);
        tags.clear();
        tagsStatus.set(messages.format("browse.tags.loading", name));
        background(() -> browser().api().tags(name), list -> {
            if (generation != tagsGeneration) return;
            tags.setAll(list.stream().sorted().map(TagRow::new).toList());
            tagsStatus.set(messages.format("browse.tags.count", list.size()));
        }, e -> {
            if (generation != tagsGeneration) return;
            if (unauthorized(e)) loginOffered.set(true);
            tagsStatus.set(ErrorText.oneLine(e));
        });
    }

    /** Reads a row's details once, on the bounded pool: called as the row is shown, so visible rows go first. */
    public void want(TagRow row) {
        if (row.requested) return;
        row.requested = true;
        String repo = repository.get();
        int generation = tagsGeneration;
        detailsPool.execute(() -> {
            if (generation != tagsGeneration) return; // another repository (or F5) since: a row no longer shown
            try {
                var details = browser().details(repo, row.tag());
                Platform.runLater(() -> row.detailsProperty().set(details));
            } catch (Exception | Error e) {
                String line = ErrorText.oneLine(e);
                Platform.runLater(() -> row.errorProperty().set(line));
            }
        });
    }

    /** F5: the tags again (their details too; the manifests and configs stay cached), and the catalog if it failed. */
    public void reload() {
        if (!catalogStarted) loadMoreRepositories();
        if (repository.get() != null) openRepository(repository.get());
    }

    /** After a login: a new client with the new credentials, then the catalog and tags again. */
    public void loggedIn() {
        browser = null;
        loginOffered.set(false);
        catalogRefused.set(false);
        repositories.clear();
        lastPage = null;
        catalogStarted = false;
        loadMoreRepositories();
        if (repository.get() != null) openRepository(repository.get());
    }

    // ---- actions on the selected tag

    /** {@code registry/repo:tag} of a row. */
    public String reference(TagRow row) {
        return registry + "/" + repository.get() + ":" + row.tag();
    }

    /**
     * Deleting a tag deletes its manifest, and with it every tag that points to the same digest: those are found
     * first (the tags read again), then {@code confirm} is asked with them on the FX thread; if it agrees, the
     * manifest is deleted and the tags re-read. Failures (405: deletion disabled) become the status line.
     */
    public void delete(TagRow row, java.util.function.BiFunction<Digest, List<String>, Boolean> confirm) {
        String repo = repository.get();
        Map<String, Digest> known = new HashMap<>();
        for (TagRow t : tags) if (t.details() != null) known.put(t.tag(), t.details().digest());
        tagsStatus.set(messages.format("browse.delete.finding", row.tag()));
        background(() -> {
            Digest digest = known.containsKey(row.tag()) ? known.get(row.tag()) : browser().api().resolveDigest(repo, row.tag());
            return Map.entry(digest, browser().tagsSharing(repo, digest, known, detailsPool));
        }, found -> {
            if (!confirm.apply(found.getKey(), found.getValue())) {
                tagsStatus.set(messages.format("browse.tags.count", tags.size()));
                return;
            }
            tagsStatus.set(messages.format("browse.delete.deleting", String.join(", ", found.getValue())));
            background(() -> {
                browser().api().deleteManifest(repo, found.getKey());
                return found.getValue();
            }, deleted -> {
                openRepository(repo);
            }, e -> tagsStatus.set(ErrorText.oneLine(e)));
        }, e -> tagsStatus.set(ErrorText.oneLine(e)));
    }

    public void pull(TagRow row) {
        hooks.pull().accept(reference(row));
    }

    public void login() {
        hooks.login().accept(registry, this::loggedIn);
    }

    // ---- state

    public String registry() {
        return registry;
    }

    public FilteredList<String> repositories() {
        return filtered;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public StringProperty catalogStatusProperty() {
        return catalogStatus;
    }

    public BooleanProperty catalogRefusedProperty() {
        return catalogRefused;
    }

    public BooleanProperty moreRepositoriesProperty() {
        return moreRepositories;
    }

    public BooleanProperty loginOfferedProperty() {
        return loginOffered;
    }

    public StringProperty repositoryProperty() {
        return repository;
    }

    public ObservableList<TagRow> tags() {
        return tags;
    }

    public StringProperty tagsStatusProperty() {
        return tagsStatus;
    }

    public ObjectProperty<TagRow> selectedTagProperty() {
        return selectedTag;
    }
}
