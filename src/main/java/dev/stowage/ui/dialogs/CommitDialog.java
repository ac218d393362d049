package dev.stowage.ui.dialogs;

import dev.stowage.container.ChangeLines;
import dev.stowage.container.Committer;
import dev.stowage.container.Container;
import dev.stowage.container.ImageChanges;
import dev.stowage.error.ErrorText;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Reference;
import dev.stowage.ui.Messages;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code docker commit -a -m -c -p CONTAINER [REPOSITORY[:TAG]]}: a container picker, the new name, author and
 * message, CMD in exec or shell form, more changes (ENV, EXPOSE, LABEL, WORKDIR, ENTRYPOINT, USER), and the
 * pause checkbox. The changes are checked as they are typed ({@link ImageChanges#parse}); the equivalent
 * command line is shown.
 */
public final class CommitDialog {
    static final String LAST_AUTHOR = "commit.author";
    static final List<String> INSTRUCTIONS = List.of("ENV", "EXPOSE", "LABEL", "WORKDIR", "ENTRYPOINT", "USER");

    private final DialogContext ctx;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ComboBox<Container> container = new ComboBox<>();
    private final TextField name = new TextField();
    private final TextField author = new TextField();
    private final TextField message = new TextField();
    private final TextField cmd = new TextField();
    private final RadioButton execForm = new RadioButton();
    private final RadioButton shellForm = new RadioButton();
    private final VBox changeRows = new VBox(6);
    private final CheckBox pause = new CheckBox();
    private final Label check = new Label();
    private final Label preview = new Label();
    private final ButtonType commitButton;

    /** {@code preselect}: a container ID or name to choose, or null. */
    public CommitDialog(DialogContext ctx, String preselect) {
        this.ctx = ctx;
        Messages m = ctx.messages();
        dialog.setTitle(m.get("commit.title"));
        dialog.setHeaderText(m.get("commit.header"));
        dialog.getDialogPane().setId("commitDialog");
        commitButton = new ButtonType(m.get("commit.ok"), ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(commitButton, ButtonType.CANCEL);

        container.setId("commitContainer");
        container.setMaxWidth(Double.MAX_VALUE);
        container.setPromptText(m.get("commit.loading"));
        container.setConverter(new StringConverter<>() {
            @Override
            public String toString(Container c) {
                return c == null ? "" : m.format("commit.containerItem", c.name(), c.shortId(), c.image());
            }

            @Override
            public Container fromString(String s) {
                return null;
            }
        });
        name.setId("commitName");
        name.setPromptText(m.get("commit.namePrompt"));
        author.setId("commitAuthor");
        author.setPromptText(m.get("commit.authorPrompt"));
        author.setText(ctx.settings().get(LAST_AUTHOR, ""));
        message.setId("commitMessage");
        cmd.setId("commitCmd");
        cmd.setPromptText(m.get("commit.cmdPrompt"));
        ToggleGroup form = new ToggleGroup();
        execForm.setId("commitExecForm");
        execForm.setText(m.get("commit.execForm"));
        execForm.setToggleGroup(form);
        execForm.setSelected(true);
        shellForm.setId("commitShellForm");
        shellForm.setText(m.get("commit.shellForm"));
        shellForm.setToggleGroup(form);
        HBox cmdRow = new HBox(8, cmd, execForm, shellForm);
        cmdRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(cmd, Priority.ALWAYS);
        Button add = new Button(m.get("commit.addChange"));
        add.setId("commitAddChange");
        add.setOnAction(e -> addChange("ENV", ""));
        pause.setId("commitPause");
        pause.setText(m.get("commit.pause"));
        pause.setSelected(true);
        pause.setTooltip(new Tooltip(m.get("commit.pauseHint")));
        check.setId("commitCheck");
        check.setWrapText(true);
        preview.setId("commitPreview");
        preview.setWrapText(true);
        preview.getStyleClass().add("monospace");
        preview.setMaxWidth(680);

        GridPane grid = Dialogs.form();
        int row = 0;
        grid.addRow(row++, new Label(m.get("commit.container")), container);
        grid.addRow(row++, new Label(m.get("commit.name")), name);
        grid.addRow(row++, new Label(m.get("commit.author")), author);
        grid.addRow(row++, new Label(m.get("commit.message")), message);
        grid.addRow(row++, new Label(m.get("commit.cmd")), cmdRow);
        grid.addRow(row++, new Label(m.get("commit.changes")), changeRows);
        grid.add(add, 1, row++);
        grid.add(pause, 1, row++);
        grid.add(check, 0, row++, 2, 1);
        grid.add(preview, 0, row, 2, 1);
        dialog.getDialogPane().setContent(grid);

        Button ok = (Button) dialog.getDialogPane().lookupButton(commitButton);
        ok.setId("commitOk");
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            commit();
        });
        for (var p : List.of(name.textProperty(), author.textProperty(), message.textProperty(), cmd.textProperty())) {
            p.addListener((o, was, now) -> validate());
        }
        form.selectedToggleProperty().addListener((o, was, now) -> validate());
        container.valueProperty().addListener((o, was, now) -> validate());
        pause.selectedProperty().addListener((o, was, now) -> validate());
        Dialogs.prepare(dialog, ctx.owner().get(), 720);
        validate();
        loadContainers(preselect);
    }

    private void loadContainers(String preselect) {
        var task = ctx.images().containers();
        task.setOnSucceeded(e -> {
            List<Container> all = task.getValue();
            container.getItems().setAll(all);
            container.setPromptText(all.isEmpty() ? ctx.messages().get("commit.noContainers") : "");
            all.stream().filter(c -> preselect != null && (c.id().startsWith(preselect) || c.name().equals(preselect)))
                    .findFirst().or(() -> all.stream().findFirst()).ifPresent(container::setValue);
            validate();
        });
        task.setOnFailed(e -> container.setPromptText(ErrorText.oneLine(task.getException())));
        ctx.storeService().submit(task);
    }

    /** Adds a row for one more change: instruction and its argument. */
    public void addChange(String instruction, String value) {
        ChoiceBox<String> kind = new ChoiceBox<>();
        kind.getItems().setAll(INSTRUCTIONS);
        kind.setValue(INSTRUCTIONS.contains(instruction) ? instruction : "ENV");
        kind.getStyleClass().add("change-kind");
        TextField arg = new TextField(value);
        arg.getStyleClass().add("change-value");
        arg.setPromptText(ctx.messages().get("commit.changePrompt." + kind.getValue()));
        kind.valueProperty().addListener((o, was, now) -> {
            arg.setPromptText(ctx.messages().get("commit.changePrompt." + now));
            validate();
        });
        Button remove = new Button("\u2212");
        remove.getStyleClass().add("flat");
        remove.setTooltip(new Tooltip(ctx.messages().get("commit.removeChange")));
        HBox rowBox = new HBox(6, kind, arg, remove);
        rowBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(arg, Priority.ALWAYS);
        remove.setOnAction(e -> {
            changeRows.getChildren().remove(rowBox);
            validate();
        });
        arg.textProperty().addListener((o, was, now) -> validate());
        changeRows.getChildren().add(rowBox);
        validate();
    }

    /** The {@code --change} lines the form stands for: CMD first, then the rows in order. */
    @SuppressWarnings("unchecked")
    List<String> changes() {
        List<String> out = new ArrayList<>();
        String cmdLine = ChangeLines.command("CMD", cmd.getText(), execForm.isSelected());
        if (cmdLine != null) out.add(cmdLine);
        for (var node : changeRows.getChildren()) {
            HBox rowBox = (HBox) node;
            String kind = ((ChoiceBox<String>) rowBox.getChildren().get(0)).getValue();
            String arg = ((TextField) rowBox.getChildren().get(1)).getText();
            if (arg != null && !arg.isBlank()) out.add(kind + " " + arg.trim());
        }
        return out;
    }

    private record Checked(Reference name, List<String> changes) {
    }

    private Checked validate() {
        Messages m = ctx.messages();
        Checked ok = null;
        String problem = null;
        Reference ref = null;
        List<String> changes = List.of();
        String text = name.getText() == null ? "" : name.getText().trim();
        try {
            if (!text.isEmpty()) {
                ref = Reference.parse(text);
                if (ref.digest().isPresent()) problem = m.get("tag.digest");
            }
        } catch (ImageFormatException e) {
            problem = e.getMessage();
        }
        if (problem == null) {
            try {
                changes = changes();
                ImageChanges.parse(changes);
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem == null && container.getValue() == null) problem = m.get("commit.pickContainer");
        if (problem == null) ok = new Checked(ref, changes);
        check.setText(problem == null ? (ref == null ? m.get("commit.untagged") : m.format("tag.normalized", ref.toString())) : problem);
        check.getStyleClass().removeAll("field-error", "field-ok");
        check.getStyleClass().add(problem == null ? "field-ok" : "field-error");
        preview.setText(commandLine(changes, text));
        dialog.getDialogPane().lookupButton(commitButton).setDisable(ok == null);
        return ok;
    }

    /** The equivalent CLI command, for those who want to script it. */
    private String commandLine(List<String> changes, String repoTag) {
        StringBuilder sb = new StringBuilder("stowage commit");
        if (!author.getText().isBlank()) sb.append(" -a ").append(quote(author.getText().trim()));
        if (!message.getText().isBlank()) sb.append(" -m ").append(quote(message.getText().trim()));
        for (String c : changes) sb.append(" -c ").append(quote(c));
        if (!pause.isSelected()) sb.append(" --pause=false");
        Container c = container.getValue();
        sb.append(' ').append(c == null ? "CONTAINER" : c.name());
        if (!repoTag.isEmpty()) sb.append(' ').append(repoTag);
        return sb.toString();
    }

    private static String quote(String s) {
        return dev.stowage.container.run.ShellWords.quote(s);
    }

    private void commit() {
        Checked checked = validate();
        if (checked == null) return;
        Messages m = ctx.messages();
        Container c = container.getValue();
        ctx.settings().put(LAST_AUTHOR, author.getText().trim());
        dialog.getDialogPane().setDisable(true);
        var task = ctx.images().commit(c, new Committer.Request(author.getText().trim(), message.getText().trim(),
                checked.changes(), checked.name(), null), pause.isSelected());
        Dialogs.onStore(ctx, task, result -> {
            ctx.vm().inform(m.format("info.committed", result.imageId().shortHex()));
            ctx.vm().refresh();
            dialog.close();
        }, Dialogs.windowOf(dialog), m.format("error.commit", c.name()));
        task.setOnFailed(e -> dialog.getDialogPane().setDisable(false));
    }

    public Dialog<ButtonType> dialog() {
        return dialog;
    }

    public void show() {
        dialog.show();
    }
}
