package dev.stowage.ui.dialogs;

import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Reference;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.images.ImageLocation;
import dev.stowage.ui.Messages;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * {@code docker tag SOURCE TARGET}: the new name is checked as it is typed ({@link Reference#parse}) and shown
 * fully normalized, as the store will keep it; the tag is made where the image lives (the store or an engine).
 */
public final class TagDialog {
    private final DialogContext ctx;
    private final ImageRow source;
    private final ImageLocation location;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField target = new TextField();
    private final Label normalized = new Label();
    private final ButtonType tagButton;

    public TagDialog(DialogContext ctx, ImageRow source) {
        this.ctx = ctx;
        this.source = source;
        this.location = ctx.vm().location();
        Messages m = ctx.messages();
        dialog.setTitle(m.get("tag.title"));
        dialog.setHeaderText(m.format("tag.header", describe(source)));
        dialog.getDialogPane().setId("tagDialog");
        tagButton = new ButtonType(m.get("tag.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(tagButton, ButtonType.CANCEL);

        target.setId("tagTarget");
        target.setPromptText(m.get("tag.prompt"));
        target.setPrefColumnCount(36);
        if (!source.dangling()) target.setText(source.name().familiarString());
        normalized.setId("tagNormalized");
        normalized.setWrapText(true);
        GridPane form = Dialogs.form();
        form.addRow(0, new Label(m.get("tag.target")), target);
        form.add(normalized, 1, 1);
        form.add(Dialogs.hint(m.get("tag.hint")), 1, 2);
        dialog.getDialogPane().setContent(form);

        Button ok = (Button) dialog.getDialogPane().lookupButton(tagButton);
        ok.setId("tagOk");
        target.textProperty().addListener((o, was, now) -> validate());
        validate();
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            apply();
        });
        Dialogs.prepare(dialog, ctx.owner().get(), 600);
        dialog.setOnShown(e -> target.requestFocus());
    }

    static String describe(ImageRow row) {
        return row.dangling() ? row.shortId() : row.name().familiarString();
    }

    /** The name typed, when valid for a tag; null otherwise (with the reason shown). */
    private Reference validate() {
        Messages m = ctx.messages();
        Button ok = (Button) dialog.getDialogPane().lookupButton(tagButton);
        Reference ref = null;
        String text = target.getText() == null ? "" : target.getText().trim();
        if (text.isEmpty()) {
            normalized.setText(m.get("tag.empty"));
        } else {
            try {
                Reference parsed = Reference.parse(text);
                if (parsed.digest().isPresent()) {
                    normalized.setText(m.get("tag.digest"));
                } else {
                    ref = parsed;
                    normalized.setText(m.format("tag.normalized", parsed.toString()));
                }
            } catch (ImageFormatException e) {
                normalized.setText(e.getMessage());
            }
        }
        normalized.getStyleClass().removeAll("field-error", "field-ok");
        normalized.getStyleClass().add(ref == null ? "field-error" : "field-ok");
        ok.setDisable(ref == null);
        return ref;
    }

    private void apply() {
        Reference ref = validate();
        if (ref == null) return;
        dialog.getDialogPane().setDisable(true);
        var task = location.tag(source, ref);
        Dialogs.run(ctx, location::submit, task, done -> {
            ctx.vm().inform(ctx.messages().format("info.tagged", done.familiarString()));
            ctx.vm().refresh();
            dialog.close();
        }, Dialogs.windowOf(dialog), ctx.messages().get("error.tag"));
        task.setOnFailed(e -> dialog.getDialogPane().setDisable(false));
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
