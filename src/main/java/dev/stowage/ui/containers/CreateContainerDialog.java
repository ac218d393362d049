package dev.stowage.ui.containers;

import dev.stowage.ui.Messages;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import dev.stowage.ui.dialogs.Dialogs;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;
import java.util.Optional;

/** Asks for the image and an optional name of a new container ({@code stowage create --name NAME IMAGE}). */
public final class CreateContainerDialog {
    /** The answer: the image as typed or picked, and the name (blank for a random one). */
    public record Request(String image, String name) {
    }

    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ComboBox<String> image = new ComboBox<>();
    private final TextField name = new TextField();

    public CreateContainerDialog(Messages messages, List<String> images, String preselected) {
        dialog.setTitle(messages.get("containers.create.title"));
        dialog.setHeaderText(messages.get("containers.create.header"));
        image.setId("createImage");
        image.setEditable(true);
        image.getItems().setAll(images);
        image.setPrefWidth(360);
        if (preselected != null) image.setValue(preselected);
        else if (!images.isEmpty()) image.setValue(images.get(0));
        name.setId("createName");
        name.setPromptText(messages.get("containers.create.namePrompt"));
        GridPane grid = Dialogs.form();
        grid.addRow(0, new Label(messages.get("containers.create.image")), image);
        grid.addRow(1, new Label(messages.get("containers.create.name")), name);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setId("createContainerDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(ButtonType.OK).disableProperty().bind(
                image.getEditor().textProperty().isEmpty().and(image.valueProperty().isNull()));
    }

    public Optional<Request> ask(Window owner) {
        Dialogs.prepare(dialog, owner);
        return dialog.showAndWait().filter(b -> b == ButtonType.OK).map(b -> {
            String typed = image.getEditor().getText();
            String chosen = typed == null || typed.isBlank() ? image.getValue() : typed.trim();
            return new Request(chosen, name.getText());
        });
    }

    /** For the tests: the dialog, to show without waiting. */
    public Dialog<ButtonType> dialog() {
        return dialog;
    }
}
