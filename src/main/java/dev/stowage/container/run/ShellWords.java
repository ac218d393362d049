package dev.stowage.container.run;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line's words as a POSIX shell splits them ('…' literal, "…" with {@code \" \\ \$ \`} escapes, a
 * backslash escaping the next character outside quotes; no expansion), and the reverse: words quoted so that a
 * shell gives them back unchanged.
 */
public final class ShellWords {
    private ShellWords() {
    }

    /** The words of {@code line}; an unclosed quote is an error. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' in: " + line);
                word.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (ch == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) c = line.charAt(++j);
                    word.append(c);
                }
                if (j >= line.length()) throw new IllegalArgumentException("unclosed \" in: " + line);
                i = j;
                inWord = true;
            } else if (ch == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }

    /** {@code word} as it must be typed: unchanged when it holds no shell syntax, else in single quotes. */
    public static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@,+%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** The words quoted and joined by spaces. */
    public static String join(List<String> words) {
        return String.join(" ", words.stream().map(ShellWords::quote).toList());
    }
}
