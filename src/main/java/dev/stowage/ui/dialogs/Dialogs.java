package dev.stowage.ui.dialogs;

import dev.stowage.ui.MainView;
import javafx.concurrent.Task;
import javafx.scene.Node;
import javafx.concurrent.WorkerStateEvent;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Window;

import java.util.function.Consumer;
import java.util.function.Function;

/** What the dialogs share: owner and stylesheet, form layout, and running a task with its outcome handled on the FX thread. */
public final class Dialogs {
    private Dialogs() {
    }

    /** Owner (when there is one) and the app's stylesheet on top of the theme. */
    public static void prepare(Dialog<?> dialog, Window owner) {
        if (owner != null && dialog.getOwner() == null) dialog.initOwner(owner);
        dialog.setResizable(true);
        var css = MainView.class.getResource("stowage.css");
        if (css != null) dialog.getDialogPane().getStylesheets().add(css.toExternalForm());
        dialog.getDialogPane().getStyleClass().add("stowage-dialog");
        // never smaller than the content: wrapping labels otherwise leave the window too small on first show
        dialog.getDialogPane().setMinWidth(Region.USE_PREF_SIZE);
        dialog.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
    }

    /** {@link #prepare} with the dialog's preferred width. */
    public static void prepare(Dialog<?> dialog, Window owner, double width) {
        dialog.getDialogPane().setPrefWidth(width);
        prepare(dialog, owner);
    }

    /** A two-column form: labels on the left, fields growing on the right. */
    public static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    /** A hint under a field: small, muted, wrapping. */
    public static Label hint(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("field-hint");
        return l;
    }

    /**
     * Runs {@code task} through {@code submit} (the store's worker or the registry pool), shows it in the status
     * bar, and hands its value to {@code onSuccess} or its failure to an {@link ErrorDialog} titled {@code errorTitle}.
     */
    public static <T> Task<T> run(DialogContext ctx, Function<Task<T>, Task<T>> submit, Task<T> task, Consumer<T> onSuccess,
                                  Window errorOwner, String errorTitle) {
        ctx.vm().watch(task);
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> onSuccess.accept(task.getValue()));
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e ->
                ErrorDialog.show(errorOwner != null ? errorOwner : ctx.owner().get(), ctx.messages(), errorTitle, task.getException()));
        return submit.apply(task);
    }

    /** {@link #run} on the store's worker thread. */
    public static <T> Task<T> onStore(DialogContext ctx, Task<T> task, Consumer<T> onSuccess, Window errorOwner, String errorTitle) {
        return run(ctx, ctx.storeService()::submit, task, onSuccess, errorOwner, errorTitle);
    }

    /** {@link #run} on the registry pool. */
    public static <T> Task<T> onRegistry(DialogContext ctx, Task<T> task, Consumer<T> onSuccess, Window errorOwner, String errorTitle) {
        return run(ctx, ctx.registries()::submit, task, onSuccess, errorOwner, errorTitle);
    }

    /**
     * Grows the dialog's window when its content came to need more room than it was shown with (rows added,
     * text that wraps onto more lines); never shrinks what the user sized.
     */
    public static void growToFit(Dialog<?> dialog) {
        javafx.application.Platform.runLater(() -> {
            Window w = windowOf(dialog);
            if (w == null || !w.isShowing()) return;
            var pane = dialog.getDialogPane();
            // the pane is never laid out smaller than it wants (min = pref): compare with the room the scene has
            pane.applyCss();
            pane.layout();
            double wanted = Math.max(pane.prefHeight(pane.getWidth()), pane.getHeight());
            Node bar = pane.lookup(".button-bar");
            if (bar != null) {
                wanted = Math.max(wanted, bar.localToScene(bar.getBoundsInLocal()).getMaxY() + pane.snappedBottomInset());
            }
            double room = pane.getScene().getHeight();
            if (wanted > room + 1) w.setHeight(w.getHeight() + (wanted - room));
            // and keep it on its screen
            var screens = javafx.stage.Screen.getScreensForRectangle(w.getX(), w.getY(), Math.max(1, w.getWidth()), 1);
            var area = (screens.isEmpty() ? javafx.stage.Screen.getPrimary() : screens.get(0)).getVisualBounds();
            if (w.getY() + w.getHeight() > area.getMaxY()) w.setY(Math.max(area.getMinY(), area.getMaxY() - w.getHeight()));
        });
    }

    /** The dialog's window, once shown (null before). */
    public static Window windowOf(Dialog<?> dialog) {
        return dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
    }
}
