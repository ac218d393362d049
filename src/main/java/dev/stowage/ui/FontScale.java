package dev.stowage.ui;

import javafx.scene.Parent;

import java.util.Locale;

/**
 * The text size of every window: the theme's 14 px times {@code -Dstowage.fontScale} (e.g. 1.5), for people
 * who need larger text; windows and dialogs grow with it.
 */
public final class FontScale {
    private static final double THEME_SIZE = 14;
    private static volatile double scale = parse(System.getProperty("stowage.fontScale"));

    private FontScale() {
    }

    static double parse(String value) {
        if (value == null || value.isBlank()) return 1;
        try {
            double v = Double.parseDouble(value.trim());
            return v >= 0.5 && v <= 4 ? v : 1;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public static double get() {
        return scale;
    }

    /** For the tests: the scale of the windows opened from now on. */
    public static void set(double value) {
        scale = value;
    }

    /** Sets the font size on a window's root (nothing at scale 1, so the theme's own size stays in charge). */
    public static void apply(Parent root) {
        if (scale == 1) return;
        root.setStyle(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", THEME_SIZE * scale) + root.getStyle());
    }
}
