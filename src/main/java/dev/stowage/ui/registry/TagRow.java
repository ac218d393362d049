package dev.stowage.ui.registry;

import dev.stowage.registry.TagDetails;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One row of a repository's tag table: the tag, and its details once read (or why they could not be). */
public final class TagRow {
    private final String tag;
    private final ObjectProperty<TagDetails> details = new SimpleObjectProperty<>(this, "details");
    private final StringProperty error = new SimpleStringProperty(this, "error");
    boolean requested;

    public TagRow(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    public ObjectProperty<TagDetails> detailsProperty() {
        return details;
    }

    public TagDetails details() {
        return details.get();
    }

    public StringProperty errorProperty() {
        return error;
    }
}
