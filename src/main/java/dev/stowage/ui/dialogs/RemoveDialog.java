package dev.stowage.ui.dialogs;

import dev.stowage.error.ErrorText;
import dev.stowage.ui.ImageRow;
import dev.stowage.ui.images.ImageLocation;
import dev.stowage.ui.Messages;
import dev.stowage.util.Human;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * {@code docker rmi}, confirmed: lists the names that will be untagged and the images that will be deleted,
 * and how much space that frees — worked out where the images live in the background (the store's
 * {@code RemovalPlan}: layers other images still use are not counted; an engine decides when asked).
 */
public final class RemoveDialog {
    private final DialogContext ctx;
    private final List<ImageRow> rows;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ListView<String> untagged = new ListView<>();
    private final Label deleted = new Label();
    private final Label freed = new Label();
    private final ProgressIndicator busy = new ProgressIndicator();
    private final ButtonType removeButton;

    public RemoveDialog(DialogContext ctx, List<ImageRow> rows) {
        this.ctx = ctx;
        this.rows = List.copyOf(rows);
        Messages m = ctx.messages();
        dialog.setTitle(m.get("remove.title"));
        dialog.setHeaderText(header(m, rows));
        dialog.getDialogPane().setId("removeDialog");
        removeButton = new ButtonType(m.get("remove.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(removeButton, ButtonType.CANCEL);
        Button ok = (Button) dialog.getDialogPane().lookupButton(removeButton);
        ok.setId("removeOk");
        ok.getStyleClass().add("danger");
        ok.setDisable(true);

        untagged.setId("removeUntagged");
        untagged.setPrefHeight(120);
        untagged.setPrefWidth(460);
        deleted.setId("removeDeleted");
        deleted.setWrapText(true);
        freed.setId("removeFreed");
        freed.getStyleClass().add("emphasis");
        freed.setText(m.get("remove.calculating"));
        busy.setPrefSize(18, 18);
        VBox box = new VBox(8, new Label(m.get("remove.untagged")), untagged, deleted, new javafx.scene.layout.HBox(8, busy, freed),
                Dialogs.hint(m.get("remove.hint")));
        dialog.getDialogPane().setContent(box);
        dialog.setResultConverter(b -> b);
        dialog.setOnHidden(e -> {
            if (dialog.getResult() == removeButton) ctx.vm().remove(this.rows);
        });
        Dialogs.prepare(dialog, ctx.owner().get(), 540);
        plan();
    }

    /** What is selected, counted as the rows are: names (one row each) of so many images, or unnamed images. */
    public static String header(Messages m, List<ImageRow> rows) {
        long names = rows.stream().filter(r -> !r.dangling()).count();
        long images = rows.stream().map(ImageRow::id).distinct().count();
        return names == 0 ? m.format("remove.headerUnnamed", images) : m.format("remove.header", names, images);
    }

    private void plan() {
        Messages m = ctx.messages();
        ImageLocation location = ctx.vm().location();
        var task = location.removalPreview(rows);
        task.setOnSucceeded(e -> show(task.getValue()));
        task.setOnFailed(e -> {
            busy.setVisible(false);
            freed.setText(ErrorText.oneLine(task.getException()));
            freed.getStyleClass().add("field-error");
        });
        location.submit(task);
        untagged.getItems().setAll(rows.stream().map(TagDialog::describe).toList());
        deleted.setText("");
        freed.setText(m.get("remove.calculating"));
    }

    private void show(ImageLocation.RemovalPreview plan) {
        Messages m = ctx.messages();
        busy.setVisible(false);
        busy.setManaged(false);
        untagged.getItems().setAll(plan.untagged());
        if (plan.exact()) {
            deleted.setText(plan.deleted().isEmpty() ? m.get("remove.noneDeleted")
                    : m.format("remove.deleted", plan.deleted().size(), String.join(", ", plan.deleted())));
            freed.setText(m.format("remove.freed", Human.size(plan.bytesFreed())));
        } else {
            deleted.setText("");
            freed.setText(m.format("remove.engine", ctx.vm().location().name()));
        }
        dialog.getDialogPane().lookupButton(removeButton).setDisable(false);
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
