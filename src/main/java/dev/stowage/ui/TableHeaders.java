package dev.stowage.ui;

import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.skin.TableColumnHeader;

/**
 * Column headers that are never cut short ("Co…"): once a table's headers are laid out in their real font,
 * every column gets at least the width of its title (and room for the sort arrow), in every language and text size.
 */
public final class TableHeaders {
    /** Room for the sort arrow and the header's own padding. */
    private static final double SLACK = 18;

    private TableHeaders() {
    }

    /** For a TableView or TreeTableView. */
    public static void keepReadable(Control table) {
        Runnable[] check = new Runnable[1];
        check[0] = () -> {
            if (fit(table) && table.getScene() != null) table.getScene().removePostLayoutPulseListener(check[0]);
        };
        if (table.getScene() != null) table.getScene().addPostLayoutPulseListener(check[0]);
        table.sceneProperty().addListener((o, was, now) -> {
            if (was != null) was.removePostLayoutPulseListener(check[0]);
            if (now != null) now.addPostLayoutPulseListener(check[0]);
        });
    }

    /** Widens the columns whose title does not fit; true once the headers were there to measure. */
    static boolean fit(Control table) {
        boolean found = false;
        for (Node n : table.lookupAll(".column-header")) {
            if (!(n instanceof TableColumnHeader header)) continue;
            TableColumnBase<?, ?> column = header.getTableColumn();
            if (column == null || !column.getColumns().isEmpty()) continue;
            Label label = (Label) header.getChildrenUnmodifiable().stream().filter(c -> c instanceof Label).findFirst().orElse(null);
            if (label == null || label.getText() == null || label.getText().isEmpty()) continue;
            found = true;
            double need = Math.ceil(label.prefWidth(-1) + header.snappedLeftInset() + header.snappedRightInset() + SLACK);
            if (column.getMaxWidth() < need) continue;
            if (column.getMinWidth() < need) column.setMinWidth(need);
            if (column.getPrefWidth() < need) column.setPrefWidth(need);
        }
        return found;
    }
}
