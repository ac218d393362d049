package dev.stowage.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import java.util.ArrayList;
import java.util.List;

/** An Overview's grid of fields, a bold key and a wrapping value a row; an empty value shows "—". */
public final class DetailFields {
    private final List<Label> values = new ArrayList<>();

    /** Fills {@code grid}: keys are the messages {@code keyPrefix + field}, values get the ids {@code idPrefix + field}. */
    public DetailFields(GridPane grid, Messages messages, String keyPrefix, String idPrefix, String... fields) {
        grid.setHgap(12);
        grid.setVgap(6);
        grid.setPadding(new Insets(10));
        ColumnConstraints vals = new ColumnConstraints();
        vals.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), vals);
        for (int i = 0; i < fields.length; i++) {
            Label key = new Label(messages.get(keyPrefix + fields[i]));
            key.getStyleClass().add("detail-key");
            Label value = new Label();
            value.setId(idPrefix + fields[i]);
            value.setWrapText(true);
            value.getStyleClass().add("detail-value");
            grid.addRow(i, key, value);
            values.add(value);
        }
    }

    /** The values in the fields' order; a blank one shows "—". */
    public void show(String... texts) {
        for (int i = 0; i < texts.length; i++) values.get(i).setText(texts[i] == null || texts[i].isBlank() ? "\u2014" : texts[i]);
    }

    public void clear() {
        values.forEach(v -> v.setText(""));
    }
}
