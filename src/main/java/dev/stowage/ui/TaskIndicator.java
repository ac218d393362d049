package dev.stowage.ui;

import javafx.beans.value.ObservableValue;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;

import java.util.List;

/** The running task's title, progress bar and Cancel button, shown only while a task runs. */
public final class TaskIndicator {
    private final Label title = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button cancel;

    public TaskIndicator(ObservableValue<Task<?>> currentTask, Runnable onCancel, Messages messages, double barWidth) {
        cancel = new Button(messages.get("action.cancel"));
        cancel.setOnAction(e -> onCancel.run());
        progress.setPrefWidth(barWidth);
        currentTask.addListener((o, was, now) -> {
            title.textProperty().unbind();
            progress.progressProperty().unbind();
            if (now != null) {
                title.textProperty().bind(now.titleProperty());
                progress.progressProperty().bind(now.progressProperty());
            } else {
                title.setText("");
            }
        });
        for (Node n : nodes()) {
            n.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                    () -> currentTask.getValue() != null, currentTask));
            n.managedProperty().bind(n.visibleProperty());
        }
    }

    /** Title, progress bar and Cancel, in that order. */
    public List<Node> nodes() {
        return List.of(title, progress, cancel);
    }

    public Label title() {
        return title;
    }

    public ProgressBar progress() {
        return progress;
    }

    public Button cancel() {
        return cancel;
    }
}
