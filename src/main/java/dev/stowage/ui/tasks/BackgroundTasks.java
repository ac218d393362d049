package dev.stowage.ui.tasks;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;

import java.util.function.Function;

/**
 * Every background task of the window — store, registry and engine work, which run in parallel — while it runs and
 * for a while after (the {@link #KEPT_FINISHED} most recent finished ones). Call on the FX thread.
 */
public final class BackgroundTasks {
    static final int KEPT_FINISHED = 20;

    private final ObservableList<TrackedTask> tasks = FXCollections.observableArrayList(
            t -> new javafx.beans.Observable[]{t.task().stateProperty()});
    private final IntegerBinding running = Bindings.createIntegerBinding(
            () -> (int) tasks.stream().filter(TrackedTask::running).count(), tasks);
    private final Function<Throwable, String> oneLine;

    /** {@code oneLine} words a failure in one line (the app's error message function). */
    public BackgroundTasks(Function<Throwable, String> oneLine) {
        this.oneLine = oneLine;
    }

    /** Newest first: running and finished ones. */
    public ObservableList<TrackedTask> tasks() {
        return tasks;
    }

    /** How many are running now (queued ones count: they wait for a worker). */
    public IntegerBinding runningCount() {
        return running;
    }

    /** Lists the task until it is among the oldest finished ones; adding the same task twice lists it once. */
    public <T> Task<T> track(Task<T> task) {
        if (tasks.stream().anyMatch(t -> t.task() == task)) return task;
        TrackedTask tracked = new TrackedTask(task);
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            tracked.failed(oneLine.apply(task.getException()));
            trim();
        });
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> trim());
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_CANCELLED, e -> trim());
        tasks.add(0, tracked);
        return task;
    }

    /** Removes the finished tasks from the list. */
    public void clearFinished() {
        tasks.removeIf(t -> !t.running());
    }

    private void trim() {
        long finished = tasks.stream().filter(t -> !t.running()).count();
        for (int i = tasks.size() - 1; i >= 0 && finished > KEPT_FINISHED; i--) {
            if (!tasks.get(i).running()) {
                tasks.remove(i);
                finished--;
            }
        }
    }
}
