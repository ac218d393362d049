package dev.stowage.ui.dialogs;

import dev.stowage.error.ErrorText;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code docker pull [--platform]}: a reference and a platform, with the same per-layer progress as a push. */
public final class PullDialog {
    static final String LAST_PLATFORM = "pull.platform";
    static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/386",
            "linux/ppc64le", "linux/s390x", "linux/riscv64");

    private final DialogContext ctx;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField reference = new TextField();
    private final Label referenceCheck = new Label();
    private final ComboBox<String> platform = new ComboBox<>();
    private final TextField result = new TextField();
    private final LayerProgressModel progress = new LayerProgressModel();
    private final ButtonType pullButton;
    private Task<RegistryTasks.Pulled> running;
    private ImageLocation location;

    public PullDialog(DialogContext ctx, String initial) {
        this.ctx = ctx;
        Messages m = ctx.messages();
        dialog.setTitle(m.get("pull.title"));
        dialog.setHeaderText(m.get("pull.header"));
        dialog.getDialogPane().setId("pullDialog");
        pullButton = new ButtonType(m.get("pull.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(pullButton, ButtonType.CLOSE);

        reference.setId("pullReference");
        reference.setPromptText(m.get("pull.prompt"));
        reference.setPrefColumnCount(36);
        if (initial != null) reference.setText(initial);
        referenceCheck.setId("pullReferenceCheck");
        referenceCheck.setWrapText(true);
        platform.setId("pullPlatform");
        platform.setEditable(true);
        Set<String> platforms = new LinkedHashSet<>();
        platforms.add(Platform.current().toString());
        platforms.addAll(PLATFORMS);
        platform.getItems().setAll(platforms);
        platform.getEditor().setText(ctx.settings().get(LAST_PLATFORM, Platform.current().toString()));
        result.setId("pullResult");
        result.setEditable(false);
        result.setVisible(false);
        result.getStyleClass().add("monospace");

        GridPane form = Dialogs.form();
        form.addRow(0, new Label(m.get("pull.reference")), reference);
        form.add(referenceCheck, 1, 1);
        form.addRow(2, new Label(m.get("pull.platform")), platform);
        form.add(new LayerProgressView(m, progress, "pull").node(), 0, 3, 2, 1);
        form.add(result, 0, 4, 2, 1);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(pullButton);
        ok.setId("pullOk");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            start();
        });
        Button close = (Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE);
        close.setId("pullClose");
        close.addEventFilter(ActionEvent.ACTION, e -> {
            if (running != null && running.isRunning()) {
                running.cancel();
                e.consume();
            }
        });
        dialog.setOnCloseRequest(e -> {
            if (running != null && running.isRunning()) running.cancel();
        });
        reference.textProperty().addListener((o, was, now) -> validate());
        platform.getEditor().textProperty().addListener((o, was, now) -> validate());
        validate();
        Dialogs.prepare(dialog, ctx.owner().get(), 780);
        dialog.setOnShown(e -> reference.requestFocus());
    }

    private record Choice(Reference reference, Platform platform) {
    }

    private Choice validate() {
        Messages m = ctx.messages();
        String text = reference.getText() == null ? "" : reference.getText().trim();
        Choice choice = null;
        if (text.isEmpty()) {
            referenceCheck.setText(m.get("pull.empty"));
        } else {
            try {
                Reference ref = Reference.parse(text);
                String p = platform.getEditor().getText() == null ? "" : platform.getEditor().getText().trim();
                Platform wanted = p.isEmpty() ? Platform.current() : Platform.parse(p);
                referenceCheck.setText(m.format("pull.normalized", ref.toString()));
                choice = new Choice(ref, wanted);
            } catch (ImageFormatException | IllegalArgumentException e) {
                referenceCheck.setText(e.getMessage());
            }
        }
        referenceCheck.getStyleClass().removeAll("field-error", "field-ok", "field-hint");
        // nothing typed yet is no mistake: a hint, not an error
        referenceCheck.getStyleClass().add(text.isEmpty() ? "field-hint" : choice == null ? "field-error" : "field-ok");
        dialog.getDialogPane().lookupButton(pullButton).setDisable(choice == null || (running != null && running.isRunning()));
        return choice;
    }

    private void start() {
        Choice choice = validate();
        if (choice == null) return;
        Messages m = ctx.messages();
        ctx.settings().put(LAST_PLATFORM, choice.platform().toString());
        progress.rows().clear();
        result.setVisible(false);
        reference.setDisable(true);
        platform.setDisable(true);
        dialog.getDialogPane().lookupButton(pullButton).setDisable(true);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE)).setText(m.get("action.cancel"));
        location = ctx.vm().location();
        running = location.pull(choice.reference(), choice.platform(), progress, ctx.registries());
        Task<RegistryTasks.Pulled> task = running;
        Dialogs.onRegistry(ctx, task, r -> {
            result.setText(m.format(r.updated() ? "pull.downloaded" : "pull.upToDate", r.digest() == null ? "" : r.digest(),
                    choice.reference().familiarString()));
            result.setVisible(true);
            ctx.vm().inform(m.format("info.pulled", choice.reference().familiarString()));
            if (ctx.vm().location() == location) ctx.vm().refresh();
            idle();
        }, Dialogs.windowOf(dialog), m.format("error.pull", choice.reference().familiarString()));
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
        reference.setDisable(false);
        platform.setDisable(false);
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
