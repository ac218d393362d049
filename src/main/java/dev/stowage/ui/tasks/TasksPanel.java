package dev.stowage.ui.tasks;

import atlantafx.base.theme.Styles;
import dev.stowage.ui.Icons;
import dev.stowage.ui.Messages;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Worker;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/**
 * The tasks panel: every running and recent background task, newest first, each with its title, what it does now,
 * a progress bar and Cancel while it runs, and once it failed its one-line error and a way to the details.
 */
public final class TasksPanel {
    public static final String ID = "tasksPanel";
    public static final String ROW = "task-row";

    private final BackgroundTasks tasks;
    private final Messages messages;
    private final Consumer<TrackedTask> showDetails;
    private final VBox rows = new VBox(6);
    private final VBox root;

    /** {@code showDetails} opens a failed task's details; {@code close} hides the panel. */
    public TasksPanel(BackgroundTasks tasks, Messages messages, Consumer<TrackedTask> showDetails, Runnable close) {
        this.tasks = tasks;
        this.messages = messages;
        this.showDetails = showDetails;
        Label title = new Label(messages.get("tasks.title"));
        title.getStyleClass().add(Styles.TITLE_4);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button clear = new Button(messages.get("tasks.clear"));
        clear.setId("clearFinishedTasks");
        clear.getStyleClass().add(Styles.SMALL);
        clear.setOnAction(e -> tasks.clearFinished());
        Button hide = Icons.on(new Button(), Icons.Icon.CLOSE, messages.get("tasks.hide"));
        hide.setId("hideTasks");
        hide.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        hide.setOnAction(e -> close.run());
        HBox header = new HBox(6, title, spacer, clear, hide);
        header.setAlignment(Pos.CENTER_LEFT);
        Label empty = new Label(messages.get("tasks.empty"));
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        empty.visibleProperty().bind(Bindings.isEmpty(tasks.tasks()));
        empty.managedProperty().bind(empty.visibleProperty());
        ScrollPane scroll = new ScrollPane(new VBox(6, empty, rows));
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        root = new VBox(8, header, scroll);
        root.setId(ID);
        root.setPadding(new Insets(8));
        root.setPrefWidth(340);
        root.getStyleClass().add("tasks-panel");
        tasks.tasks().addListener((ListChangeListener<TrackedTask>) c -> rebuild());
        rebuild();
    }

    public Node node() {
        return root;
    }

    private final java.util.Map<TrackedTask, Node> made = new java.util.WeakHashMap<>();

    private void rebuild() {
        rows.getChildren().setAll(tasks.tasks().stream().map(t -> made.computeIfAbsent(t, this::row)).toList());
    }

    private Node row(TrackedTask tracked) {
        var task = tracked.task();
        Label title = new Label();
        title.textProperty().bind(task.titleProperty());
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setWrapText(true);
        Label message = new Label();
        message.getStyleClass().addAll("task-message", Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        message.textProperty().bind(Bindings.createStringBinding(() -> switch (task.getState()) {
            case SUCCEEDED -> messages.get("tasks.done");
            case CANCELLED -> messages.get("tasks.cancelled");
            case FAILED -> messages.get("tasks.failed");
            case READY, SCHEDULED -> messages.get("tasks.waiting");
            default -> task.getMessage();
        }, task.stateProperty(), task.messageProperty()));
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(task.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.visibleProperty().bind(task.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        Label error = new Label();
        error.getStyleClass().addAll("task-error", Styles.DANGER);
        error.setWrapText(true);
        error.textProperty().bind(tracked.errorProperty());
        error.visibleProperty().bind(tracked.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());
        Button details = new Button(messages.get("notice.details"));
        details.getStyleClass().addAll("task-details", Styles.FLAT, Styles.SMALL);
        details.visibleProperty().bind(error.visibleProperty());
        details.managedProperty().bind(details.visibleProperty());
        details.setOnAction(e -> showDetails.accept(tracked));
        VBox text = new VBox(2, title, message, bar, error, details);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button cancel = Icons.on(new Button(), Icons.Icon.CANCEL, messages.get("action.cancel"));
        cancel.getStyleClass().addAll("task-cancel", Styles.BUTTON_ICON, Styles.FLAT);
        cancel.visibleProperty().bind(Bindings.createBooleanBinding(tracked::running, task.stateProperty()));
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> task.cancel());
        HBox row = new HBox(6, text, cancel);
        row.getStyleClass().add(ROW);
        row.setUserData(tracked);
        row.pseudoClassStateChanged(Styles.STATE_DANGER, task.getState() == Worker.State.FAILED);
        task.stateProperty().addListener((o, was, now) -> row.pseudoClassStateChanged(Styles.STATE_DANGER, now == Worker.State.FAILED));
        return row;
    }
}
