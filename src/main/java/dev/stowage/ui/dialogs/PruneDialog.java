package dev.stowage.ui.dialogs;

import dev.stowage.store.RemovalPlan;
import dev.stowage.ui.Formats;
import dev.stowage.ui.Messages;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** The confirmation of Prune dangling: how many images go and the space that frees. */
public final class PruneDialog {
    public static final String ID = "pruneDialog";

    private PruneDialog() {
    }

    /** The confirmation for {@code plan} (worked out beforehand, off the FX thread), not yet shown. */
    public static Alert confirmation(Messages messages, RemovalPlan plan, Window owner) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                messages.format("prune.body", new Formats(messages).size(plan.bytesFreed())), ButtonType.OK, ButtonType.CANCEL);
        alert.setTitle(messages.get("prune.title"));
        alert.setHeaderText(messages.format("prune.header", plan.deleted().size()));
        alert.getDialogPane().setId(ID);
        Dialogs.prepare(alert, owner);
        return alert;
    }
}
