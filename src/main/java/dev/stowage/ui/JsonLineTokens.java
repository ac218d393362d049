package dev.stowage.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * The highlighting of one line of indented JSON (as {@code Json.pretty} writes it): each run of characters and
 * what it is. A line is read on its own; a string never spans lines in that output.
 */
final class JsonLineTokens {
    enum Kind { KEY, STRING, NUMBER, LITERAL, PUNCTUATION }

    /** Characters {@code start} (inclusive) to {@code end} (exclusive) of the line. */
    record Token(Kind kind, int start, int end) {
    }

    private JsonLineTokens() {
    }

    static List<Token> of(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int plain = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            int end;
            Kind kind;
            if (c == '"') {
                end = stringEnd(line, i);
                kind = nextNonSpace(line, end) == ':' ? Kind.KEY : Kind.STRING;
            } else if (c == '-' || Character.isDigit(c)) {
                end = runEnd(line, i, "0123456789+-.eE");
                kind = Kind.NUMBER;
            } else if (line.startsWith("true", i) || line.startsWith("null", i)) {
                end = i + 4;
                kind = Kind.LITERAL;
            } else if (line.startsWith("false", i)) {
                end = i + 5;
                kind = Kind.LITERAL;
            } else {
                i++;
                continue;
            }
            if (plain < i) tokens.add(new Token(Kind.PUNCTUATION, plain, i));
            tokens.add(new Token(kind, i, end));
            i = end;
            plain = end;
        }
        if (plain < line.length()) tokens.add(new Token(Kind.PUNCTUATION, plain, line.length()));
        return tokens;
    }

    private static int stringEnd(String line, int open) {
        for (int i = open + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i + 1;
        }
        return line.length();
    }

    private static int runEnd(String line, int start, String allowed) {
        int i = start + 1;
        while (i < line.length() && allowed.indexOf(line.charAt(i)) >= 0) i++;
        return i;
    }

    private static char nextNonSpace(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            if (!Character.isWhitespace(line.charAt(i))) return line.charAt(i);
        }
        return 0;
    }
}
