package dev.stowage.ui;

import javafx.scene.Parent;
import javafx.scene.text.Font;

import java.util.Locale;

/**
 * The text of every window: the theme's 14 px times {@code -Dstowage.fontScale} (e.g. 1.5) for people who need
 * larger text, and in Chinese a CJK font that has a bold face (Noto Sans CJK SC, Debian's fonts-noto-cjk): with
 * the theme's Latin font first, Chinese falls back to a font without bold and a bold header is bold only on its
 * Latin part. Windows and dialogs grow with the text.
 */
public final class AppFonts {
    /** The CJK families tried, in order (fonts-noto-cjk, then what other systems call it). */
    static final String[] CJK_FAMILIES = {"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC"};
    private static final double THEME_SIZE = 14;
    private static volatile double scale = parse(System.getProperty("stowage.fontScale"));
    private static volatile String cjkFamily;

    private AppFonts() {
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

    public static double scale() {
        return scale;
    }

    /** For the tests: the scale of the windows opened from now on. */
    public static void setScale(double value) {
        scale = value;
    }

    /** The installed CJK family with a bold face, or null (looked up once). */
    public static String cjkFamily() {
        String f = cjkFamily;
        if (f == null) {
            var installed = Font.getFamilies();
            f = "";
            for (String candidate : CJK_FAMILIES) {
                if (installed.contains(candidate)) {
                    f = candidate;
                    break;
                }
            }
            cjkFamily = f;
        }
        return f.isEmpty() ? null : f;
    }

    /** Font size and, in Chinese (the default locale the app set), family on a window's root. */
    public static void apply(Parent root) {
        StringBuilder style = new StringBuilder();
        if (scale != 1) style.append(String.format(Locale.ROOT, "-fx-font-size: %.1fpx;", THEME_SIZE * scale));
        if ("zh".equals(Locale.getDefault().getLanguage()) && cjkFamily() != null) {
            style.append("-fx-font-family: \"").append(cjkFamily()).append("\";");
        }
        if (!style.isEmpty()) root.setStyle(style + root.getStyle());
    }
}
