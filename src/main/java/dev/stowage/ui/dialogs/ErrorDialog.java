package dev.stowage.ui.dialogs;

import dev.stowage.error.ErrorText;
import dev.stowage.ui.Messages;
import dev.stowage.util.StowageVersion;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * A failure: a title, the clear one-line message, and behind "Show Details" the chain of causes in words; the
 * Java stack trace only goes to the clipboard with "Copy diagnostic info", for a bug report.
 */
public final class ErrorDialog {
    public static final String ID = "errorDialog";

    private ErrorDialog() {
    }

    /** The stack trace with the versions a bug report needs. */
    static String diagnostics(String title, Throwable error) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out);
        w.println("stowage " + StowageVersion.current() + ", Java " + System.getProperty("java.version")
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        w.println(title);
        error.printStackTrace(w);
        w.flush();
        return out.toString();
    }

    /** Shows the error over {@code owner} without waiting for it to be closed. */
    public static Alert show(Window owner, Messages messages, String title, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.setTitle(messages.get("error.dialog.title"));
        alert.setHeaderText(title);
        alert.setContentText(ErrorText.oneLine(error));
        alert.getDialogPane().setId(ID);
        alert.getDialogPane().setPrefWidth(560);
        List<String> causes = ErrorText.causes(error);
        StringBuilder text = new StringBuilder(ErrorText.oneLine(error));
        if (!causes.isEmpty()) text.append("\n\n").append(messages.get("error.dialog.causes"));
        for (String c : causes) text.append("\n  ").append(c);
        TextArea detail = new TextArea(text.toString());
        detail.setId("errorDetail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(6);
        VBox.setVgrow(detail, Priority.ALWAYS);
        Button copy = new Button(messages.get("error.dialog.copy"));
        copy.setId("errorCopyDiagnostics");
        Label copied = new Label();
        copied.setId("errorCopied");
        copied.setWrapText(true);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(diagnostics(title, error));
            Clipboard.getSystemClipboard().setContent(content);
            copied.setText(messages.get("error.dialog.copied"));
        });
        HBox copyRow = new HBox(8, copy, copied);
        copyRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        alert.getDialogPane().setExpandableContent(new VBox(6, new Label(messages.get("error.dialog.detail")), detail, copyRow));
        Dialogs.prepare(alert, owner);
        alert.show();
        return alert;
    }
}
