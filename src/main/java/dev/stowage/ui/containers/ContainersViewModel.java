package dev.stowage.ui.containers;

import dev.stowage.container.Container;
import dev.stowage.container.ContainerDiff;
import dev.stowage.container.Containers;
import dev.stowage.container.run.ContainerInspect;
import dev.stowage.container.run.ContainerRunner;
import dev.stowage.container.run.ContainerStatus;
import dev.stowage.image.Json;
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
import javafx.collections.ObservableMap;
import javafx.concurrent.Task;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The working containers of the store and the actions on them: list, create from an image, run, start, stop,
 * restart, pause, unpause, diff, inspect, remove, open the rootfs folder or a terminal. Store work runs as tasks on
 * the store's worker ({@link StoreService#submit}), in order with the other store operations; the runtime's
 * operations on a worker of their own (a stop may wait 10 s), and the states are read on a third thread, every
 * {@link #POLL_MILLIS} ms while {@link #setPolling polling}. Call on the FX thread.
 */
public final class ContainersViewModel {
    static final long POLL_MILLIS = 1500;
    /** docker stop's default wait before SIGKILL. */
    static final int STOP_TIMEOUT = 10;

    private final StoreService service;
    private final ContainerRunner runner;
    private final ObservableMap<String, ContainerStatus> statuses = FXCollections.observableHashMap();
    private final ReadOnlyObjectWrapper<java.time.Instant> readAt = new ReadOnlyObjectWrapper<>(this, "readAt");
    private final ExecutorService runtimeWorker = daemonThread("stowage-container-runtime");
    private final ExecutorService statusWorker = daemonThread("stowage-container-status");
    private final AtomicBoolean polling = new AtomicBoolean();
    private final javafx.animation.Timeline poll = new javafx.animation.Timeline(
            new javafx.animation.KeyFrame(javafx.util.Duration.millis(POLL_MILLIS), e -> pollStatuses()));
    private TerminalLauncher terminal;
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
    private final ObjectProperty<Consumer<String>> runAction = new SimpleObjectProperty<>(this, "runAction");
    private Task<FileNode> diffTask;

    public ContainersViewModel(StoreService service, Messages messages, FolderOpener opener) {
        this.service = service;
        this.messages = messages;
        this.containers = new Containers(service.store());
        this.runner = new ContainerRunner(service.store(), System.getenv(), null);
        this.terminal = TerminalLauncher.system(service.store().root());
        this.opener = opener;
        poll.setCycleCount(javafx.animation.Animation.INDEFINITE);
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

    /** How terminals are opened (the system's terminal emulator by default). */
    public void setTerminalLauncher(TerminalLauncher launcher) {
        this.terminal = launcher;
    }

    public ContainerRunner runner() {
        return runner;
    }

    /** The containers' states by ID, as last read (refreshed while polling and after each action). */
    public ObservableMap<String, ContainerStatus> statuses() {
        return statuses;
    }

    /** When the states were last read ("Up 3 minutes" is worded against it). */
    public ReadOnlyObjectProperty<java.time.Instant> readAtProperty() {
        return readAt.getReadOnlyProperty();
    }

    /** The selected container's state, or null when none is selected or it is not read yet. */
    public ContainerStatus selectedStatus() {
        Container c = selected.get();
        return c == null ? null : statuses.get(c.id());
    }

    /** Reads the states every {@link #POLL_MILLIS} ms while on (the page is shown). */
    public void setPolling(boolean on) {
        if (on) {
            pollStatuses();
            poll.play();
        } else {
            poll.stop();
        }
    }

    /** Reads every listed container's state on the status thread; one read at a time. */
    public void pollStatuses() {
        if (!polling.compareAndSet(false, true)) return;
        List<Container> now = List.copyOf(list);
        statusWorker.execute(() -> {
            Map<String, ContainerStatus> read = new LinkedHashMap<>();
            boolean gone = false;
            try {
                for (Container c : now) {
                    if (!java.nio.file.Files.isDirectory(c.dir())) {
                        gone = true; // removed meanwhile (--rm, another process)
                        continue;
                    }
                    try {
                        read.put(c.id(), runner.status(c));
                    } catch (IOException | RuntimeException e) {
                        gone |= !java.nio.file.Files.isDirectory(c.dir());
                    }
                }
            } finally {
                polling.set(false);
            }
            boolean relist = gone;
            javafx.application.Platform.runLater(() -> {
                readAt.set(java.time.Instant.now());
                statuses.keySet().retainAll(read.keySet());
                statuses.putAll(read);
                if (relist && poll.getStatus() == javafx.animation.Animation.Status.RUNNING) refresh();
            });
        });
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

    /** What the Run… button does (open the Run dialog, with an image name or null); the button is hidden while null. */
    public ObjectProperty<Consumer<String>> runActionProperty() {
        return runAction;
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
            pollStatuses();
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
                runner.remove(c, true);
                return null;
            }
        };
        task.setOnSucceeded(e -> {
            inform(messages.format("info.containerRemoved", c.name()));
            refresh();
        });
        return run(task, "error.removeContainer");
    }

    /**
     * {@code stowage run}: creates the container, then starts it detached (under conmon, it outlives the app), or
     * opens a terminal on {@code stowage start -ai} for one that runs on a terminal. Then selects it. A start that
     * fails removes what the run made, as run does.
     */
    public Task<Container> run(RunRequest r) {
        Task<Container> task = new Task<>() {
            {
                updateTitle(messages.format("task.run", r.image()));
            }

            @Override
            protected Container call() throws IOException {
                Container c = runner.create(r.image(), r.name(), r.spec());
                try {
                    if (r.terminal()) terminal.open(List.of("start", "-ai", c.id()));
                    else runner.startDetached(c);
                } catch (IOException | RuntimeException e) {
                    runner.removeQuietly(c, e);
                    throw e;
                }
                return c;
            }
        };
        task.setOnSucceeded(e -> {
            inform(messages.format("info.containerStarted", task.getValue().name(), r.image()));
            refresh(task.getValue().id());
        });
        return onRuntime(task, "error.run");
    }

    /** What the state-dependent actions do to one container. */
    private interface RuntimeAction {
        void apply(Container c) throws IOException;
    }

    public Task<Void> start(Container c) {
        return runtimeAction(c, "start", runner::startDetached);
    }

    public Task<Void> stop(Container c) {
        return runtimeAction(c, "stop", x -> runner.stop(x, STOP_TIMEOUT));
    }

    public Task<Void> restart(Container c) {
        return runtimeAction(c, "restart", x -> {
            runner.stop(x, STOP_TIMEOUT);
            runner.startDetached(x);
        });
    }

    public Task<Void> pause(Container c) {
        return runtimeAction(c, "pause", runner::pause);
    }

    public Task<Void> unpause(Container c) {
        return runtimeAction(c, "unpause", runner::unpause);
    }

    private Task<Void> runtimeAction(Container c, String verb, RuntimeAction action) {
        Task<Void> task = new Task<>() {
            {
                updateTitle(messages.format("task." + verb + "Container", c.name()));
            }

            @Override
            protected Void call() throws IOException {
                action.apply(c);
                return null;
            }
        };
        task.setOnSucceeded(e -> {
            inform(messages.format("info." + verb + "Container", c.name()));
            pollStatuses();
        });
        task.setOnFailed(e -> pollStatuses());
        return onRuntime(task, "error." + verb + "Container");
    }

    /** Opens the system terminal emulator on {@code stowage exec -it CONTAINER sh}. */
    public Task<Void> openTerminal(Container c) {
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() throws IOException {
                terminal.open(List.of("exec", "-it", c.id(), "sh"));
                return null;
            }
        };
        return onRuntime(task, "error.terminal");
    }

    /** {@code stowage container inspect}'s JSON of the container, read off the FX thread. */
    public Task<String> inspect(Container c) {
        Task<String> task = new Task<>() {
            @Override
            protected String call() throws IOException {
                return Json.pretty(ContainerInspect.of(runner, c));
            }
        };
        statusWorker.execute(task);
        return task;
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

    private static ExecutorService daemonThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the task on the runtime's worker, with the status line's error and task indicator. */
    private <T> Task<T> onRuntime(Task<T> task, String errorKey) {
        track(task, errorKey);
        runtimeWorker.execute(task);
        return task;
    }

    /** Cancels the running tasks. */
    public void cancel() {
        Task<?> t = currentTask.get();
        if (t != null) t.cancel();
    }

    private <T> Task<T> run(Task<T> task, String errorKey) {
        track(task, errorKey);
        return service.submit(task);
    }

    private <T> void track(Task<T> task, String errorKey) {
        var succeeded = task.getOnSucceeded();
        var failed = task.getOnFailed();
        if (tasks != null) tasks.track(task);
        task.setOnRunning(e -> currentTask.set(task));
        task.setOnSucceeded(e -> {
            if (currentTask.get() == task) currentTask.set(null);
            if (succeeded != null) succeeded.handle(e);
        });
        task.setOnFailed(e -> {
            if (currentTask.get() == task) currentTask.set(null);
            fail(messages.format(errorKey, ErrorText.oneLine(task.getException())), task.getException());
            if (failed != null) failed.handle(e);
        });
        task.setOnCancelled(e -> {
            if (currentTask.get() == task) currentTask.set(null);
        });
    }
}
