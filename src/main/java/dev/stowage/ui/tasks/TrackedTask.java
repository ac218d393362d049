package dev.stowage.ui.tasks;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/**
 * A background task as the tasks panel lists it: the task itself (title, message, progress, Cancel) and, once it
 * failed, the one-line error and its cause.
 */
public final class TrackedTask {
    private final Task<?> task;
    private final ReadOnlyObjectWrapper<String> error = new ReadOnlyObjectWrapper<>(this, "error");

    TrackedTask(Task<?> task) {
        this.task = task;
    }

    public Task<?> task() {
        return task;
    }

    public boolean running() {
        Worker.State s = task.getState();
        return s == Worker.State.READY || s == Worker.State.SCHEDULED || s == Worker.State.RUNNING;
    }

    /** The one-line error of a failed task; null while it runs, or when it succeeded or was cancelled. */
    public ReadOnlyObjectProperty<String> errorProperty() {
        return error.getReadOnlyProperty();
    }

    void failed(String line) {
        error.set(line);
    }
}
