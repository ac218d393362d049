package dev.stowage.ui;

import javafx.collections.FXCollections;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Path;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;

/**
 * The Inspect tab: the image's (or a container's) inspect JSON, one highlighted line per list cell (virtualized, however long the
 * document), a search field (Ctrl+F in the tab; Enter and Shift+Enter for the next and previous match, each
 * match boxed, the current one in the accent colour) and Copy (the whole JSON; Ctrl+C copies the lines
 * selected). The text arrives ready, built by the details task: nothing here reads anything.
 */
public final class InspectView {
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current-match");
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    /** A match: {@code length} characters from {@code start} of line {@code line}. */
    record Match(int line, int start, int length) {
    }

    private final Messages messages;
    private final BorderPane root = new BorderPane();
    private final ListView<String> lines = new ListView<>();
    private final TextField search = new TextField();
    private final Label count = new Label();
    private final Button copy;
    private final Button previous;
    private final Button next;
    private String text = "";
    private List<Match> matches = List.of();
    private int current = -1;

    public InspectView(Messages messages) {
        this.messages = messages;
        search.setId("inspect-search");
        search.setPromptText(messages.get("inspect.search"));
        HBox.setHgrow(search, Priority.SOMETIMES);
        search.setPrefColumnCount(18);
        count.setId("inspect-count");
        count.setMinWidth(Region.USE_PREF_SIZE);
        previous = button("inspect-previous", "\u2191", messages.get("inspect.previous"));
        next = button("inspect-next", "\u2193", messages.get("inspect.next"));
        copy = button("inspect-copy", messages.get("inspect.copy"), messages.get("inspect.copy.tooltip"));
        previous.setOnAction(e -> step(-1));
        next.setOnAction(e -> step(1));
        copy.setOnAction(e -> toClipboard(text));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox bar = new HBox(6, search, previous, next, count, gap, copy);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));

        lines.setId("inspect-lines");
        lines.getStyleClass().add("inspect-lines");
        // in Chinese, a monospaced face that has the CJK characters (from the same fonts-noto-cjk as the app's)
        if ("zh".equals(java.util.Locale.getDefault().getLanguage()) && AppFonts.cjkFamily() != null) lines.getStyleClass().add("cjk");
        lines.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        lines.setCellFactory(l -> new LineCell());
        lines.setPlaceholder(new Label(messages.get("details.none")));
        root.setTop(bar);
        root.setCenter(lines);

        search.textProperty().addListener((o, was, now) -> find(now));
        search.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                step(e.isShiftDown() ? -1 : 1);
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !search.getText().isEmpty()) {
                search.clear();
                e.consume();
            }
        });
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (FIND.match(e)) {
                search.requestFocus();
                search.selectAll();
                e.consume();
            } else if (COPY.match(e) && e.getTarget() == lines) {
                toClipboard(String.join("\n", lines.getSelectionModel().getSelectedItems()));
                e.consume();
            }
        });
        show(null);
    }

    private static Button button(String id, String label, String tooltip) {
        Button b = new Button(label);
        b.setId(id);
        b.setTooltip(new Tooltip(tooltip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    public BorderPane node() {
        return root;
    }

    /** Shows this JSON text (null: nothing selected), keeping what is searched for. */
    public void show(String json) {
        text = json == null ? "" : json.stripTrailing();
        lines.setItems(FXCollections.observableArrayList(json == null ? List.of() : List.of(text.split("\n", -1))));
        copy.setDisable(json == null);
        find(search.getText());
    }

    private void find(String query) {
        List<Match> found = new ArrayList<>();
        if (query != null && !query.isEmpty()) {
            List<String> items = lines.getItems();
            for (int l = 0; l < items.size(); l++) {
                String line = items.get(l);
                for (int i = 0; i + query.length() <= line.length(); i++) {
                    if (line.regionMatches(true, i, query, 0, query.length())) {
                        found.add(new Match(l, i, query.length()));
                        i += query.length() - 1;
                    }
                }
            }
        }
        matches = List.copyOf(found);
        current = matches.isEmpty() ? -1 : 0;
        previous.setDisable(matches.size() < 2);
        next.setDisable(matches.size() < 2);
        reveal();
    }

    private void step(int by) {
        if (matches.isEmpty()) return;
        current = Math.floorMod(current + by, matches.size());
        reveal();
    }

    private void reveal() {
        String query = search.getText();
        count.setText(query == null || query.isEmpty() ? ""
                : matches.isEmpty() ? messages.get("inspect.noMatch") : messages.format("inspect.matches", current + 1, matches.size()));
        count.pseudoClassStateChanged(PseudoClass.getPseudoClass("none"), query != null && !query.isEmpty() && matches.isEmpty());
        if (current >= 0) lines.scrollTo(Math.max(0, matches.get(current).line() - 3));
        lines.refresh();
    }

    private static void toClipboard(String s) {
        ClipboardContent content = new ClipboardContent();
        content.putString(s);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
    }

    /** One line: its coloured runs in a TextFlow, with boxes drawn behind the matches it holds. */
    private final class LineCell extends ListCell<String> {
        private final TextFlow flow = new TextFlow();
        private final Path boxes = new Path();
        private final Path currentBox = new Path();
        private final List<Match> shown = new ArrayList<>();
        private Match currentShown;
        private final Pane line = new Pane(boxes, currentBox, flow) {
            @Override
            protected void layoutChildren() {
                flow.resizeRelocate(0, 0, flow.prefWidth(-1), flow.prefHeight(-1));
                boxes.getElements().clear();
                currentBox.getElements().clear();
                for (Match m : shown) {
                    Path target = m.equals(currentShown) ? currentBox : boxes;
                    target.getElements().addAll(flow.rangeShape(m.start(), m.start() + m.length()));
                }
            }

            @Override
            protected double computePrefWidth(double height) {
                return flow.prefWidth(-1);
            }

            @Override
            protected double computePrefHeight(double width) {
                return flow.prefHeight(-1);
            }
        };

        LineCell() {
            boxes.getStyleClass().add("inspect-match");
            currentBox.getStyleClass().add("inspect-current-match");
            boxes.setManaged(false);
            currentBox.setManaged(false);
            setText(null);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            shown.clear();
            currentShown = null;
            if (empty || item == null) {
                setGraphic(null);
                pseudoClassStateChanged(CURRENT, false);
                return;
            }
            List<Text> runs = new ArrayList<>();
            for (JsonLineTokens.Token t : JsonLineTokens.of(item)) {
                Text run = new Text(item.substring(t.start(), t.end()));
                run.getStyleClass().addAll("json", "json-" + t.kind().name().toLowerCase(java.util.Locale.ROOT));
                runs.add(run);
            }
            flow.getChildren().setAll(runs);
            int index = getIndex();
            for (Match m : matches) if (m.line() == index) shown.add(m);
            if (current >= 0 && matches.get(current).line() == index) currentShown = matches.get(current);
            pseudoClassStateChanged(CURRENT, currentShown != null);
            line.requestLayout();
            setGraphic(line);
        }
    }
}
