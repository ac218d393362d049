package dev.stowage.container;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Word processing of the Dockerfile builder, after buildkit's {@code frontend/dockerfile/shell/lex.go}: quote removal
 * ('…' literal, "…" with {@code \" \$ \\} escapes), backslash escapes outside quotes, and {@code $VAR} /
 * {@code ${VAR}} expansion with the {@code :- - :+ + :? ? # ## % %% / //} modifiers. Unset variables expand to
 * nothing. The escape token is the default backslash.
 *
 * <p>In probe mode (used to check changes before any config is at hand) {@code ${VAR?message}} never fails, since
 * whether it does depends on the config's environment.
 */
final class ShellLex {
    private static final int EOF = -1;
    private static final int ESCAPE = '\\';

    private final int[] text;
    private final Map<String, String> env;
    private final boolean probe;
    private int pos;
    private boolean rawEscapes;

    private ShellLex(String word, Map<String, String> env, boolean probe) {
        this.text = word.codePoints().toArray();
        this.env = env;
        this.probe = probe;
    }

    /** The env map of an {@code Env} list ("K=V", a bare "K" is empty; a later key wins), as buildkit builds it. */
    static Map<String, String> envMap(List<String> env) {
        Map<String, String> m = new HashMap<>();
        for (String e : env) {
            int i = e.indexOf('=');
            if (i < 0) m.put(e, "");
            else m.put(e.substring(0, i), e.substring(i + 1));
        }
        return m;
    }

    /** {@code ProcessWord}: the word with quotes removed and variables expanded, spaces kept. */
    static String processWord(String word, Map<String, String> env, boolean probe) {
        return new ShellLex(word, env, probe).process(word).result;
    }

    /** {@code ProcessWords}: the same, then split into words at unquoted spaces (EXPOSE's multi-word expansion). */
    static List<String> processWords(String word, Map<String, String> env, boolean probe) {
        return new ShellLex(word, env, probe).process(word).words;
    }

    private record Processed(String result, List<String> words) {
    }

    private static final class LexError extends RuntimeException {
        LexError(String message) {
            super(message, null, false, false);
        }
    }

    private Processed process(String source) {
        try {
            return processStopOn(EOF, false);
        } catch (LexError e) {
            throw new IllegalArgumentException("failed to process " + GoText.quote(source) + ": " + e.getMessage());
        }
    }

    private int peek() {
        return pos < text.length ? text[pos] : EOF;
    }

    private int next() {
        return pos < text.length ? text[pos++] : EOF;
    }

    /** buildkit's wordsStruct: words split at unquoted spaces; quoted text never splits. */
    private static final class Words {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addChar(int ch) {
            if (GoText.isSpace(ch) && inWord) {
                if (word.length() != 0) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (!GoText.isSpace(ch)) {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> get() {
            if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    private Processed processStopOn(int stopChar, boolean raw) {
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            StringBuilder result = new StringBuilder();
            Words words = new Words();
            while (peek() != EOF) {
                int ch = peek();
                if (stopChar != EOF && ch == stopChar) {
                    next();
                    return new Processed(result.toString(), words.get());
                }
                if (ch == '$' || ch == '\'' || ch == '"') {
                    String tmp = ch == '$' ? processDollar() : ch == '\'' ? processSingleQuote() : processDoubleQuote();
                    result.append(tmp);
                    if (ch == '$') words.addString(tmp);
                    else words.addRawString(tmp);
                    continue;
                }
                ch = next();
                if (ch == ESCAPE) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    // the escape token escapes the next character; at the end of the word it just goes
                    ch = next();
                    if (ch == EOF) break;
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stopChar != EOF) {
                throw new LexError("unexpected end of statement while looking for matching "
                        + new String(Character.toChars(stopChar)));
            }
            return new Processed(result.toString(), words.get());
        } finally {
            rawEscapes = saved;
        }
    }

    private String processSingleQuote() {
        // everything up to the next ' is literal; a ' cannot be escaped inside
        StringBuilder result = new StringBuilder();
        next();
        while (true) {
            int ch = next();
            if (ch == EOF) throw new LexError("unexpected end of statement while looking for matching single-quote");
            if (ch == '\'') return result.toString();
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() {
        // literal except $ (expanded) and the escape token, which escapes only " $ and itself
        StringBuilder result = new StringBuilder();
        next();
        while (true) {
            int peek = peek();
            if (peek == EOF) throw new LexError("unexpected end of statement while looking for matching double-quote");
            if (peek == '"') {
                next();
                return result.toString();
            }
            if (peek == '$') {
                result.append(processDollar());
                continue;
            }
            int ch = next();
            if (ch == ESCAPE) {
                if (rawEscapes) result.appendCodePoint(ch);
                int after = peek();
                if (after == EOF) continue;
                if (after == '"' || after == '$' || after == ESCAPE) ch = next();
            }
            result.appendCodePoint(ch);
        }
    }

    private record Lookup(String value, boolean set) {
    }

    private Lookup getEnv(String name) {
        String v = env.get(name);
        return v == null ? new Lookup("", false) : new Lookup(v, true);
    }

    private String processDollar() {
        next();
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) return "$";
            return getEnv(name).value();
        }
        next();
        int first = peek();
        if (first == EOF) throw new LexError("syntax error: missing '}'");
        if (first == '{' || first == '}' || first == ':') throw new LexError("syntax error: bad substitution");
        String name = processName();
        int ch = next();
        if (ch == EOF) throw new LexError("syntax error: missing '}'");
        String chs = new String(Character.toChars(ch));
        boolean nullIsUnset = false;
        if (ch == '}') return getEnv(name).value();
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            if (ch == EOF) throw new LexError("syntax error: missing '}'");
            chs += new String(Character.toChars(ch));
        }
        if (nullIsUnset || ch == '+' || ch == '-' || ch == '?' || ch == '#' || ch == '%') {
            String word;
            try {
                word = processStopOn('}', ch == '#' || ch == '%').result();
            } catch (LexError e) {
                if (peek() == EOF) throw new LexError("syntax error: missing '}'");
                throw e;
            }
            Lookup v = getEnv(name);
            boolean unset = !v.set() || (nullIsUnset && v.value().isEmpty());
            switch (ch) {
                case '-':
                    return unset ? word : v.value();
                case '+':
                    return unset ? "" : word;
                case '?':
                    if (probe) return v.value();
                    if (!v.set()) throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    if (nullIsUnset && v.value().isEmpty()) {
                        throw new LexError(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                    }
                    return v.value();
                case '%':
                case '#': {
                    // % and # remove the shortest match, %% and ## the longest
                    boolean greedy = !word.isEmpty() && word.codePointAt(0) == ch;
                    if (greedy) word = word.substring(1);
                    return ch == '%' ? trimSuffix(word, v.value(), greedy) : trimPrefix(word, v.value(), greedy);
                }
                default:
                    throw new LexError("unsupported modifier (" + chs + ") in substitution");
            }
        }
        if (ch == '/') {
            boolean replaceAll = peek() == '/';
            if (replaceAll) next();
            String pattern;
            String replacement;
            try {
                pattern = processStopOn('/', true).result();
            } catch (LexError e) {
                if (peek() == EOF) throw new LexError("syntax error: missing '/' in ${}");
                throw e;
            }
            try {
                replacement = processStopOn('}', true).result();
            } catch (LexError e) {
                if (peek() == EOF) throw new LexError("syntax error: missing '}'");
                throw e;
            }
            String value = getEnv(name).value();
            Pattern re = shellPatternToRegex(pattern, true, false);
            Matcher m = re.matcher(value);
            StringBuilder out = new StringBuilder();
            int last = 0;
            while (m.find()) {
                out.append(value, last, m.start()).append(goExpand(replacement, m.group()));
                last = m.end();
                if (!replaceAll) break;
                if (m.end() == m.start()) {
                    // an empty match: Go moves on one character, as Matcher.find does
                    if (m.end() >= value.length()) break;
                }
            }
            return out.append(value.substring(last)).toString();
        }
        throw new LexError("unsupported modifier (" + chs + ") in substitution");
    }

    private String processName() {
        // a name is letters, digits and _; one starting with a digit is all digits; or one special parameter
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.length() == 0 && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) name.appendCodePoint(next());
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParam(ch)) {
                return new String(Character.toChars(next()));
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') break;
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private static boolean isSpecialParam(int ch) {
        return ch == '@' || ch == '*' || ch == '#' || ch == '?' || ch == '-' || ch == '$' || ch == '!' || ch == '0';
    }

    /** Go's {@code regexp.ReplaceAllString} template: $$ is $, $0 the match, any other $name or ${name} empty. */
    private static String goExpand(String template, String match) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            int start;
            int end;
            int after;
            if (n == '{') {
                start = i + 2;
                end = start;
                while (end < template.length() && isNameChar(template.charAt(end))) end++;
                if (end == start || end >= template.length() || template.charAt(end) != '}') {
                    out.append(c);
                    i++;
                    continue;
                }
                after = end + 1;
            } else {
                start = i + 1;
                end = start;
                while (end < template.length() && isNameChar(template.charAt(end))) end++;
                if (end == start) {
                    out.append(c);
                    i++;
                    continue;
                }
                after = end;
            }
            if (template.substring(start, end).matches("0+")) out.append(match);
            i = after;
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** buildkit's convertShellPatternToRegex: ? one character, * a shortest (or longest) run, no brackets. */
    private static Pattern shellPatternToRegex(String pattern, boolean greedy, boolean anchored) {
        StringBuilder out = new StringBuilder();
        if (anchored) out.append('^');
        String star = greedy ? ".*" : ".*?";
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int tok = cps[i];
            switch (tok) {
                case '*' -> {
                    out.append(star);
                    continue;
                }
                case '?' -> {
                    out.append('.');
                    continue;
                }
                case '\\' -> {
                    // \} and \/ escaped the ${} syntax, not the pattern
                    if (i + 1 < cps.length && (cps[i + 1] == '}' || cps[i + 1] == '/')) continue;
                    out.append('\\');
                    i++;
                    tok = i < cps.length ? cps[i] : EOF;
                    if (tok != '*' && tok != '?' && tok != '\\') {
                        throw new LexError("invalid pattern (" + pattern + ") in substitution: invalid escape '\\"
                                + (tok == EOF ? "\uFFFD" : new String(Character.toChars(tok))) + "'");
                    }
                }
                case '[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$' -> out.append('\\');
                default -> {
                }
            }
            out.appendCodePoint(tok);
        }
        try {
            return Pattern.compile(out.toString(), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new LexError("invalid pattern (" + pattern + ") in substitution: " + e.getDescription());
        }
    }

    private static String trimPrefix(String pattern, String value, boolean greedy) {
        Matcher m = shellPatternToRegex(pattern, greedy, true).matcher(value);
        return m.find() ? value.substring(m.end()) : value;
    }

    private static String trimSuffix(String pattern, String value, boolean greedy) {
        // a regex cannot find the shortest rightmost match: reverse pattern and value to search leftmost
        String reversed = trimPrefix(reversePattern(pattern), reverse(value), greedy);
        return reverse(reversed);
    }

    private static String reversePattern(String pattern) {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int last = in.length - 1;
        for (int i = 0; i <= last; ) {
            int tok = in[i];
            int outIdx = last - i;
            if (tok == '\\' && i != last) {
                out[outIdx - 1] = tok;
                out[outIdx] = in[i + 1];
                i += 2;
            } else {
                out[outIdx] = tok;
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    private static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        for (int i = 0, j = cps.length - 1; i < j; i++, j--) {
            int t = cps[i];
            cps[i] = cps[j];
            cps[j] = t;
        }
        return new String(cps, 0, cps.length);
    }
}
