package dev.stowage.ui.containers;

import dev.stowage.container.Container;
import dev.stowage.container.run.ContainerLog;
import dev.stowage.ui.Messages;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Logs tab: what the container wrote (all its starts), followed as it writes more, on a thread of its own
 * that hands the text to the FX thread in batches; a search field that selects the next match, and Copy.
 */
public final class ContainerLogsView {
    private final Messages messages;
    private final TextArea text = new TextArea();
    private final TextField search = new TextField();
    private final Label matches = new Label();
    private final VBox root;
    private final StringBuilder pending = new StringBuilder();
    private boolean flushQueued;
    private volatile Follower follower;

    public ContainerLogsView(Messages messages) {
        this.messages = messages;
        text.setId("containerLog");
        text.setEditable(false);
        text.getStyleClass().add("monospace");
        search.setId("logSearch");
        search.setPromptText(messages.get("logs.search"));
        search.textProperty().addListener((o, was, now) -> find(0));
        search.setOnAction(e -> find(text.getSelection().getEnd()));
        matches.setId("logMatches");
        Button copy = new Button(messages.get("logs.copy"));
        copy.setId("copyLog");
        copy.setOnAction(e -> copy());
        HBox bar = new HBox(8, search, matches, copy);
        bar.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(search, Priority.SOMETIMES);
        VBox.setVgrow(text, Priority.ALWAYS);
        root = new VBox(6, bar, text);
        root.setPadding(new Insets(6));
    }

    public VBox node() {
        return root;
    }

    public TextArea textArea() {
        return text;
    }

    /** Shows and follows {@code c}'s log (null: none); the log read so far is read again from the start. */
    public void follow(Container c, Path logFile) {
        Follower previous = follower;
        if (previous != null) previous.stopped = true;
        synchronized (pending) {
            pending.setLength(0);
        }
        text.clear();
        follower = null;
        if (c == null) return;
        Follower f = new Follower(logFile);
        follower = f;
        Thread t = new Thread(f, "stowage-log-" + c.shortId());
        t.setDaemon(true);
        t.start();
    }

    /** Stops following (the page is hidden or the container gone). */
    public void stop() {
        Follower f = follower;
        if (f != null) f.stopped = true;
    }

    private final class Follower implements Runnable {
        final Path file;
        volatile boolean stopped;

        Follower(Path file) {
            this.file = file;
        }

        @Override
        public void run() {
            try {
                new ContainerLog(file).read(-1, true, () -> !stopped, e -> append(this, e.text()));
            } catch (IOException | RuntimeException e) {
                append(this, "\n" + e.getMessage() + "\n");
            }
        }
    }

    private void append(Follower from, String s) {
        synchronized (pending) {
            if (from != follower || from.stopped) return;
            pending.append(s);
            if (flushQueued) return;
            flushQueued = true;
        }
        Platform.runLater(this::flush);
    }

    private void flush() {
        String s;
        synchronized (pending) {
            s = pending.toString();
            pending.setLength(0);
            flushQueued = false;
        }
        if (!s.isEmpty()) text.appendText(s);
        if (!search.getText().isEmpty()) countMatches();
    }

    /** Selects the next match of the search text at or after {@code from}, wrapping around. */
    private void find(int from) {
        String wanted = search.getText().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            matches.setText("");
            return;
        }
        String all = text.getText().toLowerCase(Locale.ROOT);
        int at = all.indexOf(wanted, from);
        if (at < 0) at = all.indexOf(wanted);
        if (at >= 0) text.selectRange(at, at + wanted.length());
        countMatches();
    }

    private void countMatches() {
        String wanted = search.getText().toLowerCase(Locale.ROOT);
        String all = text.getText().toLowerCase(Locale.ROOT);
        int n = 0;
        for (int i = all.indexOf(wanted); i >= 0 && !wanted.isEmpty(); i = all.indexOf(wanted, i + wanted.length())) n++;
        matches.setText(messages.format("logs.matches", n));
    }

    /** Copies the selection, or the whole log when nothing is selected. */
    private void copy() {
        String selected = text.getSelectedText();
        ClipboardContent content = new ClipboardContent();
        content.putString(selected.isEmpty() ? text.getText() : selected);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
