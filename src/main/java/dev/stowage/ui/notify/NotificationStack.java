package dev.stowage.ui.notify;

import atlantafx.base.theme.Styles;
import dev.stowage.ui.Icons;
import dev.stowage.ui.Messages;
import javafx.animation.FadeTransition;
import javafx.animation.PauseTransition;
import javafx.animation.SequentialTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The notifications drawn in the window's bottom-right corner, stacked newest at the bottom: a success fades
 * after a few seconds (not while the pointer is on it), a failure stays with a close button and "Details".
 * Drawn inside the window rather than as popup windows, so that no window manager moves, focuses or hides them.
 */
public final class NotificationStack {
    public static final String ID = "notifications";
    public static final String NOTICE = "notice";
    public static final String TEXT = "notice-text";
    public static final String CLOSE = "notice-close";
    public static final String DETAILS = "notice-details";

    private static Duration fadeAfter = Duration.seconds(5);

    private final Notifications model;
    private final Messages messages;
    private final Consumer<Notice> showDetails;
    private final VBox box = new VBox(8);
    private final Map<Notice, Node> cards = new HashMap<>();

    /** {@code showDetails} opens a failure's details (the error dialog with its causes in words). */
    public NotificationStack(Notifications model, Messages messages, Consumer<Notice> showDetails) {
        this.model = model;
        this.messages = messages;
        this.showDetails = showDetails;
        box.setId(ID);
        box.setAlignment(Pos.BOTTOM_RIGHT);
        box.setPickOnBounds(false);
        box.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        box.getStyleClass().add("notification-stack");
        model.shown().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                c.getRemoved().forEach(n -> box.getChildren().remove(cards.remove(n)));
                c.getAddedSubList().forEach(this::add);
            }
        });
        model.shown().forEach(this::add);
    }

    /** How long a success stays before it fades (tests shorten it). */
    public static void setFadeAfter(Duration delay) {
        fadeAfter = delay;
    }

    public Node node() {
        return box;
    }

    private void add(Notice notice) {
        Label text = new Label(notice.text());
        text.getStyleClass().add(TEXT);
        text.setWrapText(true);
        text.setMaxWidth(380);
        HBox.setHgrow(text, Priority.ALWAYS);
        Label icon = new Label();
        Icons.with(switch (notice.kind()) {
            case SUCCESS -> Icons.Icon.SUCCESS;
            case INFO -> Icons.Icon.INFO;
            case FAILURE -> Icons.Icon.FAILURE;
        }, icon::setGraphic);
        VBox body = new VBox(4, text);
        if (notice.cause() != null) {
            Button details = new Button(messages.get("notice.details"));
            details.getStyleClass().addAll(DETAILS, Styles.FLAT, Styles.SMALL);
            details.setOnAction(e -> showDetails.accept(notice));
            body.getChildren().add(details);
        }
        HBox.setHgrow(body, Priority.ALWAYS);
        Button close = Icons.on(new Button(), Icons.Icon.CLOSE, messages.get("notice.close"));
        close.getStyleClass().addAll(CLOSE, Styles.BUTTON_ICON, Styles.FLAT);
        close.setOnAction(e -> model.dismiss(notice));
        HBox card = new HBox(8, icon, body, close);
        card.setAlignment(Pos.TOP_LEFT);
        card.getStyleClass().addAll(NOTICE, Styles.ELEVATED_2, switch (notice.kind()) {
            case SUCCESS -> Styles.SUCCESS;
            case INFO -> Styles.ACCENT;
            case FAILURE -> Styles.DANGER;
        });
        card.setMaxWidth(Region.USE_PREF_SIZE);
        cards.put(notice, card);
        box.getChildren().add(card);
        if (notice.kind().fades()) fade(notice, card);
    }

    private void fade(Notice notice, Node card) {
        FadeTransition out = new FadeTransition(Duration.millis(400), card);
        out.setToValue(0);
        SequentialTransition wait = new SequentialTransition(new PauseTransition(fadeAfter), out);
        wait.setOnFinished(e -> model.dismiss(notice));
        card.hoverProperty().addListener((o, was, now) -> {
            if (now) {
                wait.stop();
                card.setOpacity(1);
            } else {
                wait.playFromStart();
            }
        });
        wait.play();
    }
}
