package dev.stowage.ui.dialogs;

import dev.stowage.error.ErrorText;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Reference;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.images.ImageLocation;
import dev.stowage.ui.services.RegistryTasks;
import dev.stowage.ui.Messages;
import javafx.concurrent.Task;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import java.util.List;

/**
 * {@code docker push}: the target reference (with its registry) pre-filled from the image's name and the
 * registries logged in to; a row per layer in docker's states; overall bytes; the digest at the end; Cancel.
 * From an engine, the engine tags and pushes (its progress on the same rows).
 */
public final class PushDialog {
    static final String LAST_TARGET = "push.lastTarget";

    private final DialogContext ctx;
    private final ImageRow source;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ComboBox<String> target = new ComboBox<>();
    private final Label targetCheck = new Label();
    private final TextField digest = new TextField();
    private final LayerProgressModel progress = new LayerProgressModel();
    private final ButtonType pushButton;
    private Task<RegistryTasks.Pushed> running;
    private final ImageLocation location;

    public PushDialog(DialogContext ctx, ImageRow source) {
        this.ctx = ctx;
        this.source = source;
        this.location = ctx.vm().location();
        Messages m = ctx.messages();
        dialog.setTitle(m.get("push.title"));
        dialog.setHeaderText(m.format("push.header", TagDialog.describe(source)));
        dialog.getDialogPane().setId("pushDialog");
        pushButton = new ButtonType(m.get("push.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(pushButton, ButtonType.CLOSE);

        target.setId("pushTarget");
        target.setEditable(true);
        target.setMaxWidth(Double.MAX_VALUE);
        GridPane.setHgrow(target, Priority.ALWAYS);
        List<String> initial = PushTargets.candidates(source.name(), List.of());
        target.getItems().setAll(initial);
        if (!initial.isEmpty()) target.getEditor().setText(initial.get(0));
        targetCheck.setId("pushTargetCheck");
        targetCheck.setWrapText(true);
        digest.setId("pushDigest");
        digest.setEditable(false);
        digest.setVisible(false);
        digest.getStyleClass().add("monospace");

        GridPane form = Dialogs.form();
        form.addRow(0, new Label(m.get("push.target")), target);
        form.add(targetCheck, 1, 1);
        form.add(new LayerProgressView(m, progress, "push").node(), 0, 2, 2, 1);
        form.add(digest, 0, 3, 2, 1);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(pushButton);
        ok.setId("pushOk");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            start();
        });
        Button close = (Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE);
        close.setId("pushClose");
        close.addEventFilter(ActionEvent.ACTION, e -> {
            if (running != null && running.isRunning()) {
                running.cancel();
                e.consume();
            }
        });
        target.getEditor().textProperty().addListener((o, was, now) -> validate());
        dialog.setOnCloseRequest(e -> {
            if (running != null && running.isRunning()) running.cancel();
        });
        validate();
        Dialogs.prepare(dialog, ctx.owner().get(), 780);
        loadRegistries();
    }

    /** Adds the logged-in registries' candidates once they are read (in the background). */
    private void loadRegistries() {
        var task = ctx.registries().credentialInfo(null);
        task.setOnSucceeded(e -> {
            String typed = target.getEditor().getText();
            List<String> all = PushTargets.candidates(source.name(), task.getValue().registries());
            target.getItems().setAll(all);
            String remembered = ctx.settings().get(LAST_TARGET, "");
            boolean untouched = typed.isEmpty() || typed.equals(PushTargets.candidates(source.name(), List.of()).stream().findFirst().orElse(""));
            if (untouched && !all.isEmpty()) target.getEditor().setText(all.contains(remembered) ? remembered : all.get(0));
        });
        ctx.registries().submit(task);
    }

    private Reference validate() {
        Messages m = ctx.messages();
        Button ok = (Button) dialog.getDialogPane().lookupButton(pushButton);
        String text = target.getEditor().getText() == null ? "" : target.getEditor().getText().trim();
        Reference ref = null;
        if (text.isEmpty()) {
            targetCheck.setText(m.get("push.empty"));
        } else {
            try {
                ref = Reference.parse(text);
                targetCheck.setText(m.format("push.normalized", ref.domain(), ref.toString()));
            } catch (ImageFormatException e) {
                targetCheck.setText(e.getMessage());
            }
        }
        targetCheck.getStyleClass().removeAll("field-error", "field-ok");
        targetCheck.getStyleClass().add(ref == null ? "field-error" : "field-ok");
        ok.setDisable(ref == null || (running != null && running.isRunning()));
        return ref;
    }

    private void start() {
        Reference ref = validate();
        if (ref == null) return;
        Messages m = ctx.messages();
        ctx.settings().put(LAST_TARGET, target.getEditor().getText().trim());
        progress.rows().clear();
        digest.setVisible(false);
        target.setDisable(true);
        dialog.getDialogPane().lookupButton(pushButton).setDisable(true);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE)).setText(m.get("action.cancel"));
        running = location.push(source, ref, progress, ctx.registries());
        Task<RegistryTasks.Pushed> task = running;
        Dialogs.onRegistry(ctx, task, result -> {
            if (result.digest() != null) {
                digest.setText(m.format("push.done", ref.tag().orElse(result.digest()), result.digest(), result.size()));
                digest.setVisible(true);
            }
            ctx.vm().inform(m.format("info.pushed", ref.familiarString()));
            idle();
        }, Dialogs.windowOf(dialog), m.format("error.push", ref.familiarString()));
        task.setOnFailed(e -> {
            progress.failUnfinished(ErrorText.oneLine(task.getException()), m.get("progress.notStarted"));
            idle();
        });
        task.setOnCancelled(e -> {
            ctx.vm().inform(m.get("info.cancelled"));
            idle();
        });
    }

    private void idle() {
        target.setDisable(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE)).setText(ctx.messages().get("action.close"));
        validate();
    }

    public LayerProgressModel progress() {
        return progress;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
