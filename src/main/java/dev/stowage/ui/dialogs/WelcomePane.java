package dev.stowage.ui.dialogs;

import dev.stowage.ui.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** What an empty store shows: the three ways to get images in — drop an archive, pull, or log in to a registry. */
public final class WelcomePane {
    private WelcomePane() {
    }

    public static VBox create(Messages m, Runnable importFiles, Runnable pull, Runnable login) {
        Label title = new Label(m.get("welcome.title"));
        title.getStyleClass().add("welcome-title");
        Label lead = new Label(m.get("welcome.lead"));
        lead.setWrapText(true);
        lead.getStyleClass().add("welcome-lead");
        GridPane ways = new GridPane();
        ways.setHgap(14);
        ways.setVgap(10);
        ways.setAlignment(Pos.CENTER);
        addWay(ways, 0, m.get("welcome.drop"), m.get("action.import"), "welcomeImport", importFiles);
        addWay(ways, 1, m.get("welcome.pull"), m.get("action.pull"), "welcomePull", pull);
        addWay(ways, 2, m.get("welcome.login"), m.get("action.login"), "welcomeLogin", login);
        VBox box = new VBox(14, title, lead, ways);
        box.setAlignment(Pos.CENTER);
        box.setMaxWidth(640);
        box.setId("welcome");
        box.getStyleClass().add("welcome");
        return box;
    }

    private static void addWay(GridPane grid, int row, String text, String action, String id, Runnable run) {
        Label number = new Label(Integer.toString(row + 1));
        number.getStyleClass().add("welcome-number");
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(400);
        Button button = new Button(action);
        button.setId(id);
        button.setOnAction(e -> run.run());
        button.setMaxWidth(Double.MAX_VALUE);
        grid.addRow(row, number, label, button);
    }
}
