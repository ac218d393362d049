package dev.stowage.ui.dialogs;

import dev.stowage.ui.MainView;
import dev.stowage.ui.AppFonts;
import javafx.concurrent.Task;
import javafx.concurrent.WorkerStateEvent;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Dialog;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Window;

import java.util.function.Consumer;
import java.util.function.Function;

/** What the dialogs share: owner and stylesheet, form layout, and running a task with its outcome handled on the FX thread. */
public final class Dialogs {
    private Dialogs() {
    }

    /**
     * Owner (when there is one), the app's stylesheet and font scale on top of the theme, the content in a scroll
     * pane, and a window that always fits its content (see {@link #fit}).
     */
    public static void prepare(Dialog<?> dialog, Window owner) {
        if (owner != null && dialog.getOwner() == null) dialog.initOwner(owner);
        dialog.setResizable(true);
        DialogPane pane = dialog.getDialogPane();
        var css = MainView.class.getResource("stowage.css");
        if (css != null) pane.getStylesheets().add(css.toExternalForm());
        pane.getStyleClass().add("stowage-dialog");
        AppFonts.apply(pane);
        if (pane.getContent() != null && !(pane.getContent() instanceof FittingScrollPane)) {
            pane.setContent(new FittingScrollPane(pane.getContent()));
        }
        escapeCancels(pane);
        localizeStandardButtons(pane);
        Runnable fit = () -> fit(dialog);
        if (pane.getScene() != null) pane.getScene().addPostLayoutPulseListener(fit);
        pane.sceneProperty().addListener((o, was, scene) -> {
            if (was != null) was.removePostLayoutPulseListener(fit);
            if (scene != null) scene.addPostLayoutPulseListener(fit);
        });
    }

    /** JavaFX's own words for its standard buttons. */
    private static final java.util.Map<ButtonType, String> STANDARD = java.util.Map.of(ButtonType.OK, "Dialog.ok.button",
            ButtonType.CANCEL, "Dialog.cancel.button", ButtonType.CLOSE, "Dialog.close.button",
            ButtonType.YES, "Dialog.yes.button", ButtonType.NO, "Dialog.no.button", ButtonType.APPLY, "Dialog.apply.button");

    /**
     * OK, Cancel, Close… in the app's language: JavaFX names them once, in the language the JVM had when they were
     * first used, which need not be the one chosen in Settings or with -Dstowage.lang.
     */
    private static void localizeStandardButtons(DialogPane pane) {
        java.util.ResourceBundle words;
        try {
            words = java.util.ResourceBundle.getBundle("com/sun/javafx/scene/control/skin/resources/controls", java.util.Locale.getDefault());
        } catch (java.util.MissingResourceException e) {
            return;
        }
        for (ButtonType type : pane.getButtonTypes()) {
            String key = STANDARD.get(type);
            if (key != null && words.containsKey(key) && pane.lookupButton(type) instanceof Button b) {
                b.setText(words.getString(key).replace("_", ""));
            }
        }
    }

    /**
     * Escape does what the cancel button does wherever the focus is (a list or table would otherwise keep the key
     * for itself), unless it closes an open drop-down; Enter stays with the default button.
     */
    private static void escapeCancels(DialogPane pane) {
        pane.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.ESCAPE || pane.getScene() == null) return;
            if (pane.getScene().getFocusOwner() instanceof ComboBoxBase<?> box && box.isShowing()) return;
            for (ButtonType type : pane.getButtonTypes()) {
                if (pane.lookupButton(type) instanceof Button b && b.isCancelButton() && !b.isDisabled()) {
                    e.consume();
                    b.fire();
                    return;
                }
            }
        });
    }

    /** {@link #prepare} with the dialog's preferred width (at the normal font size; larger text, wider dialog). */
    public static void prepare(Dialog<?> dialog, Window owner, double width) {
        dialog.getDialogPane().setPrefWidth(width * AppFonts.scale());
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
     * bar, and hands its value to {@code onSuccess} or its failure to an {@link ErrorDialog} titled {@code errorTitle}
     * over {@code errorOwner} (without one: a failure notification in the main window).
     */
    public static <T> Task<T> run(DialogContext ctx, Function<Task<T>, Task<T>> submit, Task<T> task, Consumer<T> onSuccess,
                                  Window errorOwner, String errorTitle) {
        ctx.vm().watch(task);
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_SUCCEEDED, e -> onSuccess.accept(task.getValue()));
        // over a dialog the failure is shown on it; from the main window it is a notification that stays
        task.addEventHandler(WorkerStateEvent.WORKER_STATE_FAILED, e -> {
            if (errorOwner != null) ErrorDialog.show(errorOwner, ctx.messages(), errorTitle, task.getException());
            else ctx.vm().fail(errorTitle + ": " + dev.stowage.error.ErrorText.oneLine(task.getException()), task.getException());
        });
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
     * Grows the dialog's window to what its content asks for — on first show (where GTK may have given it a
     * size of its own) and whenever content is added or text wraps onto more lines — up to the screen it is on,
     * and keeps it on that screen. Never shrinks what the user sized; when the screen is too small the content
     * scrolls and the buttons stay in view.
     */
    static void fit(Dialog<?> dialog) {
        Window w = windowOf(dialog);
        if (w == null || !w.isShowing()) return;
        DialogPane pane = dialog.getDialogPane();
        Scene scene = pane.getScene();
        var screens = Screen.getScreensForRectangle(w.getX(), w.getY(), Math.max(1, w.getWidth()), Math.max(1, w.getHeight()));
        Rectangle2D area = (screens.isEmpty() ? Screen.getPrimary() : screens.get(0)).getVisualBounds();
        double frameW = Math.max(0, w.getWidth() - scene.getWidth());
        double frameH = Math.max(0, w.getHeight() - scene.getHeight());
        double width = Math.min(area.getWidth() - frameW, Math.max(scene.getWidth(), pane.prefWidth(-1)));
        double height = Math.min(area.getHeight() - frameH, Math.max(scene.getHeight(), pane.prefHeight(width)));
        // grown to the content, or (opened taller than the screen) brought down to it
        if (Math.abs(width - scene.getWidth()) > 0.5 || Math.abs(height - scene.getHeight()) > 0.5) {
            double newW = Math.ceil(width + frameW);
            double newH = Math.ceil(height + frameH);
            // not from inside the layout pass: GTK drops a resize asked there
            javafx.application.Platform.runLater(() -> {
                w.setWidth(newW);
                w.setHeight(newH);
                keepOnScreen(w, area);
            });
        }
        keepOnScreen(w, area);
    }

    private static void keepOnScreen(Window w, Rectangle2D area) {
        if (w.getX() + w.getWidth() > area.getMaxX()) w.setX(Math.max(area.getMinX(), area.getMaxX() - w.getWidth()));
        if (w.getY() + w.getHeight() > area.getMaxY()) w.setY(Math.max(area.getMinY(), area.getMaxY() - w.getHeight()));
        if (w.getX() < area.getMinX()) w.setX(area.getMinX());
        if (w.getY() < area.getMinY()) w.setY(area.getMinY());
    }

    /** The dialog's window, once shown (null before). */
    public static Window windowOf(Dialog<?> dialog) {
        return dialog.getDialogPane().getScene() == null ? null : dialog.getDialogPane().getScene().getWindow();
    }
}
