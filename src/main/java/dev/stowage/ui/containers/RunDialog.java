package dev.stowage.ui.containers;

import dev.stowage.error.ErrorText;
import dev.stowage.ui.Messages;
import dev.stowage.ui.dialogs.Dialogs;
import javafx.event.ActionEvent;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code stowage run}: image, name, command, environment (K=V a line), ports (HOST:CONTAINER a line), volumes
 * (HOST:CONTAINER[:ro] a line), detached or on a terminal, remove when it exits; the input is checked as it is
 * typed and the equivalent command line shown. Running is the caller's: {@link #onRun} gets the request.
 */
public final class RunDialog {
    private final Messages messages;
    private final Map<String, String> callerEnv;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ComboBox<String> image = new ComboBox<>();
    private final TextField name = new TextField();
    private final TextField command = new TextField();
    private final TextArea env = area("runEnv", "KEY=value");
    private final TextArea ports = area("runPorts", "8080:80");
    private final TextArea volumes = area("runVolumes", "/host/dir:/data:ro");
    private final RadioButton detached = new RadioButton();
    private final RadioButton terminal = new RadioButton();
    private final CheckBox remove = new CheckBox();
    private final Label check = new Label();
    private final Label preview = new Label();
    private final ButtonType runButton;
    private Consumer<RunRequest> onRun = r -> { };

    public RunDialog(Messages m, List<String> images, String preselected, Map<String, String> callerEnv) {
        this.messages = m;
        this.callerEnv = callerEnv;
        dialog.setTitle(m.get("run.title"));
        dialog.setHeaderText(m.get("run.header"));
        dialog.getDialogPane().setId("runDialog");
        runButton = new ButtonType(m.get("run.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(runButton, ButtonType.CANCEL);
        image.setId("runImage");
        image.setEditable(true);
        image.getItems().setAll(images);
        image.setMaxWidth(Double.MAX_VALUE);
        if (preselected != null) image.setValue(preselected);
        else if (!images.isEmpty()) image.setValue(images.get(0));
        name.setId("runName");
        name.setPromptText(m.get("containers.create.namePrompt"));
        command.setId("runCommand");
        command.setPromptText(m.get("run.commandPrompt"));
        ToggleGroup mode = new ToggleGroup();
        detached.setId("runDetached");
        detached.setText(m.get("run.detached"));
        detached.setToggleGroup(mode);
        detached.setSelected(true);
        terminal.setId("runTerminal");
        terminal.setText(m.get("run.terminal"));
        terminal.setToggleGroup(mode);
        remove.setId("runRemove");
        remove.setText(m.get("run.remove"));
        check.setId("runCheck");
        check.setWrapText(true);
        preview.setId("runPreview");
        preview.setWrapText(true);
        preview.getStyleClass().add("monospace");
        preview.setMaxWidth(640);

        GridPane grid = Dialogs.form();
        int row = 0;
        grid.addRow(row++, new Label(m.get("run.image")), image);
        grid.addRow(row++, new Label(m.get("run.name")), name);
        grid.addRow(row++, new Label(m.get("run.command")), command);
        grid.addRow(row++, new Label(m.get("run.env")), env);
        grid.addRow(row++, new Label(m.get("run.ports")), ports);
        grid.addRow(row++, new Label(m.get("run.volumes")), volumes);
        grid.add(new HBox(12, detached, terminal), 1, row++);
        grid.add(remove, 1, row++);
        grid.add(check, 0, row++, 2, 1);
        grid.add(preview, 0, row, 2, 1);
        dialog.getDialogPane().setContent(grid);

        for (TextInputControl field : List.of(image.getEditor(), name, command, env, ports, volumes)) {
            field.textProperty().addListener((o, was, now) -> validate());
        }
        image.valueProperty().addListener((o, was, now) -> validate());
        mode.selectedToggleProperty().addListener((o, was, now) -> validate());
        remove.selectedProperty().addListener((o, was, now) -> validate());
        dialog.getDialogPane().lookupButton(runButton).setId("runOk");
        dialog.getDialogPane().lookupButton(runButton).addEventFilter(ActionEvent.ACTION, e -> {
            RunRequest r = validate();
            if (r == null) e.consume();
            else onRun.accept(r);
        });
        validate();
    }

    private static TextArea area(String id, String prompt) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setPromptText(prompt);
        a.setPrefRowCount(2);
        a.setPrefColumnCount(36);
        return a;
    }

    /** What happens on Run (the dialog then closes). */
    public RunDialog onRun(Consumer<RunRequest> action) {
        onRun = action;
        return this;
    }

    /** The form's request, or null with the reason shown when the input is not valid. */
    public RunRequest validate() {
        String typed = image.getEditor().getText();
        String chosen = typed == null || typed.isBlank() ? image.getValue() : typed;
        RunRequest request = null;
        String problem = null;
        try {
            request = RunRequest.parse(new RunRequest.Form(chosen, name.getText(), command.getText(), env.getText(),
                    ports.getText(), volumes.getText(), terminal.isSelected(), remove.isSelected()), callerEnv);
        } catch (RuntimeException e) {
            problem = ErrorText.oneLine(e);
        }
        check.setText(problem == null ? "" : problem);
        check.getStyleClass().removeAll("field-error", "field-ok");
        if (problem != null) check.getStyleClass().add("field-error");
        preview.setText(request == null ? "" : request.commandLine());
        dialog.getDialogPane().lookupButton(runButton).setDisable(request == null);
        return request;
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show(Window owner) {
        Dialogs.prepare(dialog, owner, 680);
        dialog.show();
    }
}
