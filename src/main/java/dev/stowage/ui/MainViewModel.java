package dev.stowage.ui;

import dev.stowage.archive.LoadedImage;
import dev.stowage.error.ErrorText;
import dev.stowage.ui.images.ImageLocation;
import dev.stowage.ui.images.StoreLocation;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * State of the main window as JavaFX properties, and the actions on it. Every action starts a background
 * task through {@link StoreService}; results come back on the FX thread. Call the methods on the FX thread.
 */
public final class MainViewModel {
    /** Tar archives, compressed or not (the loader reads gzip, bzip2, xz and zstd by their first bytes). */
    private static final List<String> IMPORTABLE = List.of(".tar", ".tgz", ".tbz", ".tbz2", ".txz", ".tzst",
            ".gz", ".bz2", ".xz", ".zst");

    private final StoreService service;
    private final Messages messages;
    private final ObservableList<ImageRow> rows = FXCollections.observableArrayList();
    private final FilteredList<ImageRow> visibleRows = new FilteredList<>(rows);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty showDangling = new SimpleBooleanProperty(this, "showDangling", false);
    private final ObjectProperty<ImageRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Task<?>> currentTask = new ReadOnlyObjectWrapper<>(this, "currentTask");
    private final StringProperty errorMessage = new SimpleStringProperty(this, "errorMessage");
    private final StringProperty infoMessage = new SimpleStringProperty(this, "infoMessage");
    private final List<Task<?>> pending = new ArrayList<>();
    private final javafx.collections.ObservableMap<String, Long> sizes = FXCollections.observableHashMap();
    private final StoreLocation storeLocation;
    private final ObjectProperty<ImageLocation> location;
    private final dev.stowage.ui.notify.Notifications notifications = new dev.stowage.ui.notify.Notifications();
    private final dev.stowage.ui.tasks.BackgroundTasks tasks = new dev.stowage.ui.tasks.BackgroundTasks(ErrorText::oneLine);

    public MainViewModel(StoreService service, Messages messages) {
        this.service = service;
        this.messages = messages;
        this.storeLocation = new StoreLocation(service, messages);
        this.location = new SimpleObjectProperty<>(this, "location", storeLocation);
        location.addListener((o, was, now) -> {
            selected.set(null);
            rows.clear();
            refresh();
        });
        visibleRows.predicateProperty().bind(Bindings.createObjectBinding(
                () -> filter(search.get(), showDangling.get()), search, showDangling));
    }

    private static Predicate<ImageRow> filter(String text, boolean dangling) {
        return row -> (dangling || !row.dangling()) && row.matches(text);
    }

    public static boolean isImportable(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMPORTABLE.stream().anyMatch(name::endsWith);
    }

    public Messages messages() {
        return messages;
    }

    /** The service the store work runs on (for the layers, containers and sources views). */
    public StoreService service() {
        return service;
    }

    /** Every row, dangling included, unfiltered. */
    public ObservableList<ImageRow> rows() {
        return rows;
    }

    /** The rows the table shows: filtered by the search text and the dangling toggle. */
    public FilteredList<ImageRow> visibleRows() {
        return visibleRows;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty showDanglingProperty() {
        return showDangling;
    }

    public ObjectProperty<ImageRow> selectedProperty() {
        return selected;
    }

    /** The task running now (null when idle). */
    public ReadOnlyObjectProperty<Task<?>> currentTaskProperty() {
        return currentTask.getReadOnlyProperty();
    }

    /** What the window tells the user: successes that fade, failures that stay. */
    public dev.stowage.ui.notify.Notifications notifications() {
        return notifications;
    }

    /** Every running and recent background task, for the tasks panel. */
    public dev.stowage.ui.tasks.BackgroundTasks tasks() {
        return tasks;
    }

    /** Reports a success: the last message, and a notification that fades. */
    public void inform(String text) {
        infoMessage.set(text);
        if (messages.get("info.cancelled").equals(text)) notifications.info(text);
        else notifications.success(text);
    }

    /** Reports a failure: the last error, and a notification that stays, with the cause's details when there is one. */
    public void fail(String text, Throwable cause) {
        errorCause.set(cause);
        errorMessage.set(text);
        notifications.failure(text, cause);
    }

    /** The last error as one line; null when there is none (or it was dismissed). */
    public StringProperty errorMessageProperty() {
        return errorMessage;
    }

    public StringProperty infoMessageProperty() {
        return infoMessage;
    }

    /** Re-reads the images of the location shown. */
    public Task<List<ImageRow>> refresh() {
        ImageLocation at = location.get();
        Task<List<ImageRow>> task = at.list();
        task.setOnSucceeded(e -> {
            if (location.get() != at) return;
            setRows(task.getValue());
            countSizes(at);
        });
        return run(at, task, at == storeLocation ? messages.get("error.list") : messages.format("error.listEngine", at.name()));
    }

    /**
     * Counts the sizes the rows lack (in the background, after they are shown) into {@link #sizes()}: the rows
     * themselves stay, and with them the selection.
     */
    private void countSizes(ImageLocation at) {
        Task<java.util.Map<String, Long>> task = at.sizes(rows.stream().filter(r -> sizeOf(r) < 0).toList());
        if (task == null) return;
        task.setOnSucceeded(e -> {
            if (location.get() == at) sizes.putAll(task.getValue());
        });
        at.submit(task);
    }

    /** Sizes counted after the rows were listed, by image ID. */
    public javafx.collections.ObservableMap<String, Long> sizes() {
        return sizes;
    }

    /** A row's size (docker's: uncompressed); -1 while it is being counted. */
    public long sizeOf(ImageRow row) {
        return row.size() >= 0 ? row.size() : sizes.getOrDefault(row.id(), -1L);
    }

    /** Where the images shown live: the store (at first) or an engine. Changing it clears the table and re-reads. */
    public ObjectProperty<ImageLocation> locationProperty() {
        return location;
    }

    public ImageLocation location() {
        return location.get();
    }

    /** The embedded store as a location. */
    public StoreLocation storeLocation() {
        return storeLocation;
    }

    /**
     * Copies the rows' images (of the location shown) to {@code target} on a background task with progress and
     * Cancel; the target's list is re-read when it is the one shown by then. Null when that copy is not possible.
     */
    public Task<Integer> copy(List<ImageRow> toCopy, ImageLocation target) {
        ImageLocation from = location.get();
        if (toCopy.isEmpty() || from == target || !from.canCopyTo(target)) return null;
        Task<Integer> task = from.copyTo(target, List.copyOf(toCopy));
        track(task, messages.format("error.copy", target.name(), "{0}"), () -> {
            inform(messages.format("info.copiedTo", task.getValue(), target.name()));
            if (location.get() == target) refresh();
        });
        return task;
    }

    private void setRows(List<ImageRow> fresh) {
        ImageRow previous = selected.get();
        rows.setAll(fresh);
        if (previous != null) {
            selected.set(fresh.stream().filter(r -> r.id().equals(previous.id())
                    && java.util.Objects.equals(r.name(), previous.name())).findFirst().orElse(null));
        }
    }

    /** Loads each file on its own background task (one after the other), then refreshes the table. */
    public List<Task<List<LoadedImage>>> importFiles(List<Path> files) {
        List<Task<List<LoadedImage>>> tasks = new ArrayList<>();
        for (Path file : files) {
            if (!isImportable(file)) {
                fail(messages.format("error.notArchive", file.getFileName()), null);
                continue;
            }
            Task<List<LoadedImage>> task = service.importArchive(file);
            task.setOnSucceeded(e -> {
                inform(messages.format("info.imported", file.getFileName(), task.getValue().size()));
                refresh();
            });
            tasks.add(run(task, messages.format("error.import", file.getFileName(), "{0}")));
        }
        return tasks;
    }

    /** Removes the rows' names (or IDs, for dangling rows) where they live, then refreshes. */
    public Task<Integer> remove(List<ImageRow> toRemove) {
        ImageLocation at = location.get();
        Task<Integer> task = at.remove(toRemove);
        task.setOnSucceeded(e -> {
            inform(messages.format("info.removed", task.getValue()));
            refresh();
        });
        Task<Integer> started = run(at, task, messages.get("error.remove"));
        // a failure part-way still changed the store
        task.setOnFailed(chain(task.getOnFailed(), e -> refresh()));
        return started;
    }

    /** Deletes the dangling images of the store and reports how many and the space freed, then refreshes. */
    public Task<dev.stowage.store.ImageRemoval.Outcome> pruneDangling() {
        Task<dev.stowage.store.ImageRemoval.Outcome> task = service.pruneDangling();
        task.setOnSucceeded(e -> {
            var done = task.getValue();
            inform(messages.format("info.pruned", done.deleted().size(), new Formats(messages).size(done.bytesFreed())));
            refresh();
        });
        return run(task, messages.get("error.prune"));
    }

    /** Runs a store task of a view with the window's tracking: tasks panel, status bar, failure notification. */
    public <T> Task<T> trackStoreTask(Task<T> task, String errorTemplate) {
        return run(task, errorTemplate);
    }

    /** Cancels the running task and every queued one. */
    public void cancel() {
        new ArrayList<>(pending).forEach(Task::cancel);
    }

    private static javafx.event.EventHandler<javafx.concurrent.WorkerStateEvent> chain(
            javafx.event.EventHandler<javafx.concurrent.WorkerStateEvent> first,
            javafx.event.EventHandler<javafx.concurrent.WorkerStateEvent> second) {
        return e -> {
            if (first != null) first.handle(e);
            second.handle(e);
        };
    }

    /**
     * Tracks the task in the status bar and reports its failure; {@code errorTemplate} may hold {0} for the
     * exception's one-line message, else the message is appended after a colon.
     */
    private <T> Task<T> run(Task<T> task, String errorTemplate) {
        return run(storeLocation, task, errorTemplate);
    }

    private <T> Task<T> run(ImageLocation at, Task<T> task, String errorTemplate) {
        pending.add(task);
        tasks.track(task);
        task.setOnRunning(e -> currentTask.set(task));
        var succeeded = task.getOnSucceeded();
        task.setOnSucceeded(e -> {
            finished(task);
            if (succeeded != null) succeeded.handle(e);
        });
        task.setOnFailed(e -> {
            finished(task);
            String reason = ErrorText.oneLine(task.getException());
            fail(errorTemplate.contains("{0}") ? errorTemplate.replace("{0}", reason) : errorTemplate + ": " + reason, task.getException());
        });
        task.setOnCancelled(e -> {
            finished(task);
            inform(messages.get("info.cancelled"));
        });
        return at.submit(task);
    }

    /** Like {@link #run} for a task already started: status bar, error line, then {@code done} on success. */
    private <T> void track(Task<T> task, String errorTemplate, Runnable done) {
        watch(task);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> done.run());
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            fail(errorTemplate.replace("{0}", ErrorText.oneLine(task.getException())), task.getException());
        });
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_CANCELLED, e -> inform(messages.get("info.cancelled")));
    }

    // --- dialogs ---
    private final ObjectProperty<Throwable> errorCause = new SimpleObjectProperty<>(this, "errorCause");

    /** What caused the error in {@link #errorMessageProperty()}, when a task failed: for its details. */
    public ObjectProperty<Throwable> errorCauseProperty() {
        return errorCause;
    }

    /**
     * Shows a task started elsewhere (a dialog's) in the status bar with its progress and Cancel until it ends;
     * its outcome stays with whoever started it.
     */
    public <T> Task<T> watch(Task<T> task) {
        pending.add(task);
        tasks.track(task);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_RUNNING, e -> currentTask.set(task));
        javafx.event.EventHandler<javafx.concurrent.WorkerStateEvent> end = e -> finished(task);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_SUCCEEDED, end);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_FAILED, end);
        task.addEventHandler(javafx.concurrent.WorkerStateEvent.WORKER_STATE_CANCELLED, end);
        return task;
    }
    // --- end dialogs ---

    private void finished(Task<?> task) {
        pending.remove(task);
        if (currentTask.get() == task) currentTask.set(null);
    }
}
