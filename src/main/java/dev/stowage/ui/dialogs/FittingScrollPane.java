package dev.stowage.ui.dialogs;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;

/**
 * A dialog's content in a scroll pane that asks for all the room its content wants at a given width (a plain
 * ScrollPane asks for the content's height at its unwrapped width, too little for wrapping text), so the dialog
 * opens showing everything, and scrolls only when the screen is too small for it.
 */
final class FittingScrollPane extends ScrollPane {
    FittingScrollPane(Node content) {
        super(content);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().addAll("edge-to-edge", "dialog-scroll");
    }

    @Override
    protected double computePrefWidth(double height) {
        Node c = getContent();
        return (c == null ? 0 : c.prefWidth(-1)) + snappedLeftInset() + snappedRightInset();
    }

    @Override
    protected double computePrefHeight(double width) {
        Node c = getContent();
        // DialogPane asks without a width: answer for the width it was laid out at
        double w = width < 0 ? getWidth() : width;
        double inner = w <= 0 ? -1 : Math.max(0, w - snappedLeftInset() - snappedRightInset());
        return (c == null ? 0 : c.prefHeight(inner)) + snappedTopInset() + snappedBottomInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return Math.min(60, computePrefHeight(width));
    }
}
