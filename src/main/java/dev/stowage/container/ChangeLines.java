package dev.stowage.container;

import dev.stowage.image.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@code --change} lines from what a form holds: a command in exec form (words, quoted as in a shell,
 * written as a JSON array) or shell form (the text as is).
 */
public final class ChangeLines {
    private ChangeLines() {
    }

    /**
     * {@code CMD ["a","b c"]} from {@code a "b c"} (exec form) or {@code CMD a "b c"} (shell form); null for
     * blank text. {@code keyword} is CMD or ENTRYPOINT.
     *
     * @throws IllegalArgumentException for an unterminated quote in exec form
     */
    public static String command(String keyword, String text, boolean execForm) {
        if (text == null || text.isBlank()) return null;
        if (!execForm) return keyword + " " + text.trim();
        com.fasterxml.jackson.databind.node.ArrayNode array = Json.array();
        words(text).forEach(array::add);
        return keyword + " " + Json.compact(array);
    }

    /** Splits like a POSIX shell without expansions: blanks separate words; '…' and "…" quote; \ escapes. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0; else word.append(c);
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unterminated " + quote + " quote in: " + text);
        if (inWord) out.add(word.toString());
        return out;
    }
}
