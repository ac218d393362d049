package dev.stowage.ui.dialogs;

import dev.stowage.cli.StowageCli;
import dev.stowage.ui.Messages;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A failure: a title, the clear one-line message, and the full detail (causes, stack) behind "Show details". */
public final class ErrorDialog {
    public static final String ID = "errorDialog";

    private ErrorDialog() {
    }

    /** The one line a user reads. */
    public static String oneLine(Throwable e) {
        return StowageCli.message(e);
    }

    /** Shows the error over {@code owner} without waiting for it to be closed. */
    public static Alert show(Window owner, Messages messages, String title, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle(messages.get("error.dialog.title"));
        alert.setHeaderText(title);
        alert.setContentText(oneLine(error));
        alert.getDialogPane().setId(ID);
        alert.getDialogPane().setMinWidth(480);
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        TextArea detail = new TextArea(trace.toString());
        detail.setId("errorDetail");
        detail.setEditable(false);
        detail.setWrapText(false);
        detail.setPrefRowCount(14);
        VBox.setVgrow(detail, Priority.ALWAYS);
        alert.getDialogPane().setExpandableContent(new VBox(6, new Label(messages.get("error.dialog.detail")), detail));
        Dialogs.prepare(alert, owner);
        alert.show();
        return alert;
    }
}
