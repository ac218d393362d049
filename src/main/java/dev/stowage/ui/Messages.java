package dev.stowage.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** The UI's strings: {@code dev/stowage/ui/messages*.properties}, chosen by {@code -Dstowage.lang} or the default locale. */
public final class Messages {
    public static final String BUNDLE = "dev.stowage.ui.messages";

    private final ResourceBundle bundle;

    public Messages(Locale locale) {
        // no fallback to the default locale: asking for English on a Chinese system must give English
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The locale from {@code stowage.lang} ({@code zh-CN}, {@code en}) when set, else the default locale. */
    public static Locale chosenLocale() {
        String lang = System.getProperty("stowage.lang");
        if (lang != null && !lang.isBlank()) return Locale.forLanguageTag(lang.trim().replace('_', '-'));
        return Locale.getDefault();
    }

    public static Messages forChosenLocale() {
        return new Messages(chosenLocale());
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public Locale locale() {
        return bundle.getLocale();
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return "!" + key + "!";
        }
    }

    public String format(String key, Object... args) {
        return new MessageFormat(get(key), locale()).format(args);
    }
}
