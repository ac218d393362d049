package dev.stowage.ui.containers;

import dev.stowage.container.Container;
import dev.stowage.container.ContainerDiff;
import dev.stowage.container.Containers;
import dev.stowage.container.run.ContainerRunner;
import dev.stowage.error.ErrorText;
import dev.stowage.layer.ChangeKind;
import dev.stowage.ui.Messages;
import dev.stowage.ui.StoreService;
import dev.stowage.ui.layers.FileNode;
import dev.stowage.ui.layers.FileNodes;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The working containers of the store and the actions on them: list, create from an image, diff, remove,
 * open the rootfs folder. Store work runs as tasks on the store's worker ({@link StoreService#submit}), in
 * order with the other store operations. Call on the FX thread.
 */
public final class ContainersViewModel {
    private final StoreService service;
    private final Messages messages;
    private final Containers containers;
    private FolderOpener opener;
    private final ObservableList<Container> list = FXCollections.observableArrayList();
    private final ObjectProperty<Container> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<FileNode> diff = new ReadOnlyObjectWrapper<>(this, "diff");
    private final ReadOnlyObjectWrapper<Task<?>> currentTask = new ReadOnlyObjectWrapper<>(this, "currentTask");
    private final StringProperty error = new SimpleStringProperty(this, "error");
    private final StringProperty info = new SimpleStringProperty(this, "info");
    private final ObjectProperty<Consumer<Container>> commitAction = new SimpleObjectProperty<>(this, "commitAction");
    private Task<FileNode> diffTask;

    public ContainersViewModel(StoreService service, Messages messages, FolderOpener opener) {
        this.service = service;
        this.messages = messages;
        this.containers = new Containers(service.store());
        this.opener = opener;
        selected.addListener((o, was, now) -> showDiff(now));
    }

    private dev.stowage.ui.notify.Notifications notifications;
    private dev.stowage.ui.tasks.BackgroundTasks tasks;

    /**
     * Reports to the window's notifications and tasks panel (instead of the view's own status line): failures stay
     * as notifications, successes fade, tasks are listed with progress and Cancel.
     */
    public void reportTo(dev.stowage.ui.notify.Notifications notifications, dev.stowage.ui.tasks.BackgroundTasks tasks) {
        this.notifications = notifications;
        this.tasks = tasks;
    }

    /** True once {@link #reportTo} was called: the view needs no status line of its own. */
    public boolean reportsToWindow() {
        return notifications != null;
    }

    private void inform(String text) {
        info.set(text);
        if (notifications != null) notifications.success(text);
    }

    private void fail(String text, Throwable cause) {
        error.set(text);
        if (notifications != null) notifications.failure(text, cause);
    }

    /** How folders are opened (the system file manager by default). */
    public void setFolderOpener(FolderOpener opener) {
        this.opener = opener;
    }

    public ObservableList<Container> containers() {
        return list;
    }

    public ObjectProperty<Container> selectedProperty() {
        return selected;
    }

    /** The selected container's {@code diff} as a tree (A/C/D), null while none is selected or it is being computed. */
    public ReadOnlyObjectProperty<FileNode> diffProperty() {
        return diff.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Task<?>> currentTaskProperty() {
        return currentTask.getReadOnlyProperty();
    }

    public StringProperty errorProperty() {
        return error;
    }

    public StringProperty infoProperty() {
        return info;
    }

    /**
     * What the Commit button does with the selected container: set by the commit dialog's owner, e.g.
     * {@code containersViewModel.commitActionProperty().set(c -> commitDialog.show(c))}; the button is
     * hidden while this is null. After a commit, call {@link #refresh()} (the store watcher also does).
     */
    public ObjectProperty<Consumer<Container>> commitActionProperty() {
        return commitAction;
    }

    public Task<List<Container>> refresh() {
        return refresh(null);
    }

    /** Re-reads the list; then selects the container {@code selectId} when given. */
    private Task<List<Container>> refresh(String selectId) {
        Task<List<Container>> task = new Task<>() {
            {
                updateTitle(messages.get("task.containers"));
            }

            @Override
            protected List<Container> call() throws IOException {
                return containers.list();
            }
        };
        task.setOnSucceeded(e -> {
            setContainers(task.getValue());
            if (selectId != null) list.stream().filter(c -> c.id().equals(selectId)).findFirst().ifPresent(selected::set);
        });
        return run(task, "error.containers");
    }

    private void setContainers(List<Container> fresh) {
        Container previous = selected.get();
        list.setAll(fresh);
        if (previous != null) {
            Container again = fresh.stream().filter(c -> c.id().equals(previous.id())).findFirst().orElse(null);
            if (again == null || !Objects.equals(again, previous)) selected.set(again);
        }
    }

    /** {@code stowage create [--name NAME] IMAGE}: unpacks the image into a new container, then selects it. */
    public Task<Container> create(String image, String name) {
        String wanted = name == null || name.isBlank() ? null : name.trim();
        Task<Container> task = new Task<>() {
            {
                updateTitle(messages.format("task.createContainer", image));
            }

            @Override
            protected Container call() throws IOException {
                return containers.create(image, wanted);
            }
        };
        task.setOnSucceeded(e -> {
            inform(messages.format("info.containerCreated", task.getValue().name(), image));
            refresh(task.getValue().id());
        });
        return run(task, "error.createContainer");
    }

    /**
     * Removes a container (its rootfs is deleted), then refreshes. The user confirmed it, so a running container is
     * killed first, as {@code rm -f} does: nothing is left running.
     */
    public Task<Void> remove(Container c) {
        Task<Void> task = new Task<>() {
            {
                updateTitle(messages.format("task.removeContainer", c.name()));
            }

            @Override
            protected Void call() throws IOException {
                new ContainerRunner(service.store(), System.getenv(), null).remove(c, true);
                return null;
            }
        };
        task.setOnSucceeded(e -> {
            inform(messages.format("info.containerRemoved", c.name()));
            refresh();
        });
        return run(task, "error.removeContainer");
    }

    /** Opens the container's rootfs in the system file manager (off the FX thread). */
    public void openRootfs(Container c) {
        opener.open(c.rootfs(), reason -> javafx.application.Platform.runLater(
                () -> fail(messages.format("error.open", c.rootfs(), reason), null)));
    }

    /** Recomputes the selected container's diff (its rootfs may have changed since). */
    public void refreshDiff() {
        showDiff(selected.get());
    }

    private void showDiff(Container c) {
        if (diffTask != null) diffTask.cancel();
        diffTask = null;
        diff.set(null);
        if (c == null) return;
        Task<FileNode> task = new Task<>() {
            {
                updateTitle(messages.format("task.diff", c.name()));
            }

            @Override
            protected FileNode call() throws IOException {
                Map<String, ChangeKind> paths = new LinkedHashMap<>();
                for (ContainerDiff.Line line : ContainerDiff.of(c)) paths.put(line.path(), line.kind());
                return FileNodes.ofPaths(paths);
            }
        };
        diffTask = task;
        task.setOnSucceeded(e -> {
            if (diffTask == task) {
                diffTask = null;
                diff.set(task.getValue());
            }
        });
        run(task, "error.diff");
    }

    /** Cancels the running tasks. */
    public void cancel() {
        Task<?> t = currentTask.get();
        if (t != null) t.cancel();
    }

    private <T> Task<T> run(Task<T> task, String errorKey) {
        var succeeded = task.getOnSucceeded();
        if (tasks != null) tasks.track(task);
        task.setOnRunning(e -> currentTask.set(task));
        task.setOnSucceeded(e -> {
            if (currentTask.get() == task) currentTask.set(null);
            if (succeeded != null) succeeded.handle(e);
        });
        task.setOnFailed(e -> {
            if (currentTask.get() == task) currentTask.set(null);
            fail(messages.format(errorKey, ErrorText.oneLine(task.getException())), task.getException());
        });
        task.setOnCancelled(e -> {
            if (currentTask.get() == task) currentTask.set(null);
        });
        return service.submit(task);
    }
}
