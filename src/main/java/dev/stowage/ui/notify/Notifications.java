package dev.stowage.ui.notify;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The notifications shown now, newest last. Every outcome the user should hear of goes here — a task's success or
 * failure, a message of an action — instead of a dialog or a status line. Call on the FX thread.
 */
public final class Notifications {
    /** More than this many and the oldest fading ones go first, then the oldest failures. */
    static final int MAX_SHOWN = 6;

    private final ObservableList<Notice> shown = FXCollections.observableArrayList();

    public ObservableList<Notice> shown() {
        return shown;
    }

    public Notice success(String text) {
        return add(new Notice(Notice.Kind.SUCCESS, text, null));
    }

    public Notice info(String text) {
        return add(new Notice(Notice.Kind.INFO, text, null));
    }

    public Notice failure(String text, Throwable cause) {
        return add(new Notice(Notice.Kind.FAILURE, text, cause));
    }

    public void dismiss(Notice notice) {
        shown.remove(notice);
    }

    private Notice add(Notice notice) {
        shown.add(notice);
        while (shown.size() > MAX_SHOWN) {
            Notice oldest = shown.stream().filter(n -> n.kind().fades()).findFirst().orElse(shown.get(0));
            shown.remove(oldest);
        }
        return notice;
    }
}
