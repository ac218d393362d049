package dev.stowage.container;

import dev.stowage.image.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@code --change} lines from what a form holds: a command in exec form (docker's own JSON array, or
 * words quoted as in a shell, written as a JSON array) or shell form (the text as is).
 */
public final class ChangeLines {
    private ChangeLines() {
    }

    /**
     * {@code CMD ["a","b c"]} from {@code ["a","b c"]} (a JSON array, read as docker reads an exec form) or
     * {@code a "b c"} (words) in exec form, or {@code CMD a "b c"} in shell form; null for blank text.
     * {@code keyword} is CMD or ENTRYPOINT.
     *
     * @throws IllegalArgumentException in exec form for text that opens with {@code [} but is no JSON array of
     *                                  strings, and for an unterminated quote
     */
    public static String command(String keyword, String text, boolean execForm) {
        if (text == null || text.isBlank()) return null;
        if (!execForm) return keyword + " " + text.trim();
        com.fasterxml.jackson.databind.node.ArrayNode array = Json.array();
        execWords(text).forEach(array::add);
        return keyword + " " + Json.compact(array);
    }

    /** The words of an exec form: a JSON array's strings, else the text split as a shell would. */
    public static List<String> execWords(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("[")) {
            List<String> json = DockerfileSyntax.parseJson(trimmed);
            if (json == null) {
                throw new IllegalArgumentException("not a JSON array: " + trimmed
                        + " (write [\"/bin/sh\",\"-c\",\"echo hi\"] or words: /bin/sh -c 'echo hi')");
            }
            return json;
        }
        return words(text);
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
