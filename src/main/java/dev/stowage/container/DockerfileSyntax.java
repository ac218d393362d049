package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The line level of the Dockerfile parser, after buildkit's {@code frontend/dockerfile/parser} ({@code parser.go},
 * {@code split_command.go}, {@code line_parsers.go}): lines, comments and continuations; the instruction word and its
 * {@code --flags}; and each instruction's argument syntax (JSON array or shell form, name=value pairs, words).
 * Variables and quotes in the arguments are left for {@link ShellLex}, as the builder does. Heredocs and parser
 * directives ({@code # escape=}) are not supported: a change is a single instruction.
 */
final class DockerfileSyntax {
    private DockerfileSyntax() {
    }

    /** One parsed instruction: buildkit's {@code parser.Node} flattened as {@code instructions.parseRequest}. */
    record Node(String command, List<String> flags, List<String> args, boolean json, String original, Node child) {
        String key() {
            return command.toLowerCase(Locale.ROOT);
        }
    }

    private record Parsed(List<String> args, boolean json, Node child) {
        static final Parsed NONE = new Parsed(List.of(), false, null);
    }

    private interface LineParser {
        Parsed parse(String rest);
    }

    /** Every Dockerfile instruction the parser knows, with its argument syntax (buildkit's dispatch table). */
    private static final Map<String, LineParser> DISPATCH = Map.ofEntries(
            Map.entry("add", DockerfileSyntax::parseMaybeJsonToList),
            Map.entry("arg", DockerfileSyntax::parseNameOrNameVal),
            Map.entry("cmd", DockerfileSyntax::parseMaybeJson),
            Map.entry("copy", DockerfileSyntax::parseMaybeJsonToList),
            Map.entry("entrypoint", DockerfileSyntax::parseMaybeJson),
            Map.entry("env", rest -> parseNameVal(rest, "ENV")),
            Map.entry("expose", DockerfileSyntax::parseStringsWhitespaceDelimited),
            Map.entry("from", DockerfileSyntax::parseStringsWhitespaceDelimited),
            Map.entry("healthcheck", DockerfileSyntax::parseHealthConfig),
            Map.entry("label", rest -> parseNameVal(rest, "LABEL")),
            Map.entry("maintainer", DockerfileSyntax::parseString),
            Map.entry("onbuild", DockerfileSyntax::parseSubCommand),
            Map.entry("run", DockerfileSyntax::parseMaybeJson),
            Map.entry("shell", DockerfileSyntax::parseMaybeJson),
            Map.entry("stopsignal", DockerfileSyntax::parseString),
            Map.entry("user", DockerfileSyntax::parseString),
            Map.entry("volume", DockerfileSyntax::parseMaybeJsonToList),
            Map.entry("workdir", DockerfileSyntax::parseString));

    static boolean isInstruction(String key) {
        return DISPATCH.containsKey(key);
    }

    /** Go's regexp {@code [\t\v\f\r ]+}, the parser's whitespace between tokens. */
    private static final Pattern WHITESPACE = Pattern.compile("[\\t\\x0B\\f\\r ]+");
    /** A trailing escape token continues the line (unless itself escaped), as does a line of only the token. */
    private static final Pattern CONTINUATION = Pattern.compile("([^\\\\])\\\\[ \\t]*\\z|^\\\\[ \\t]*\\z");

    /**
     * Parses text as the Dockerfile parser does: blank and comment lines skipped, continued lines joined.
     *
     * @throws IllegalArgumentException with buildkit's message
     */
    static List<Node> parse(String text) {
        String[] lines = text.split("\n", -1);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (i == 0 && raw.startsWith("\uFEFF")) raw = raw.substring(1);
            String bytesRead = processLine(raw, true);
            String[] cont = trimContinuation(bytesRead);
            String line = cont[0];
            boolean endOfLine = cont[1] == null;
            if (endOfLine && line.isEmpty()) continue;
            while (!endOfLine && i + 1 < lines.length) {
                i++;
                String next = lines[i];
                if (isComment(next)) continue;
                String read = processLine(next, false);
                if (GoText.trimLeftSpace(read).isEmpty()) continue;
                String[] c = trimContinuation(read);
                line += c[0];
                endOfLine = c[1] == null;
            }
            nodes.add(newNodeFromLine(line));
        }
        if (nodes.isEmpty()) throw new IllegalArgumentException("file with no instructions");
        return nodes;
    }

    private static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) end--;
        return s.substring(0, end);
    }

    private static boolean isComment(String line) {
        return GoText.trimLeftSpace(trimNewline(line)).startsWith("#");
    }

    private static String processLine(String line, boolean stripLeftWhitespace) {
        String s = trimNewline(line);
        if (stripLeftWhitespace) s = GoText.trimLeftSpace(s);
        return s.startsWith("#") ? "" : s;
    }

    /** {line without the continuation token, non-null when the line continues}. */
    private static String[] trimContinuation(String line) {
        var m = CONTINUATION.matcher(line);
        if (m.find()) return new String[]{m.replaceAll("$1"), ""};
        return new String[]{line, null};
    }

    static Node newNodeFromLine(String line) {
        String trimmed = GoText.trimSpace(line);
        String[] cmdline = WHITESPACE.split(trimmed, 2);
        String cmd = cmdline[0];
        List<String> flags = List.of();
        String args = "";
        if (cmdline.length == 2) {
            List<String> words = new ArrayList<>();
            args = extractBuilderFlags(cmdline[1], words);
            flags = Collections.unmodifiableList(words);
        }
        args = GoText.trimSpace(args);
        LineParser fn = DISPATCH.get(cmd.toLowerCase(Locale.ROOT));
        Parsed p = fn == null ? Parsed.NONE : fn.parse(args);
        return new Node(cmd, flags, p.args(), p.json(), line, p.child());
    }

    /** The leading {@code --name=value} / {@code --name value} words go to flags; returns the rest of the line. */
    private static String extractBuilderFlags(String line, List<String> words) {
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        int phase = inSpaces;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOK = false;
        boolean parsingFlagArg = false;
        boolean needFlagArg = true;
        char ch = 0;
        int len = line.length();
        for (int pos = 0; pos <= len; pos++) {
            if (pos != len) ch = line.charAt(pos);
            if (phase == inSpaces) {
                if (pos == len) break;
                if (GoText.isSpace(ch)) continue;
                // keep going only for a word starting with -- or the value of a flag
                if (!parsingFlagArg && (ch != '-' || pos + 1 == len || line.charAt(pos + 1) != '-')) {
                    return line.substring(pos);
                }
                phase = inWord;
            }
            if ((phase == inWord || phase == inQuote) && pos == len) {
                if (!word.toString().equals("--") && (blankOK || word.length() > 0)) words.add(word.toString());
                break;
            }
            if (phase == inWord) {
                if (GoText.isSpace(ch)) {
                    phase = inSpaces;
                    if (parsingFlagArg) {
                        words.set(words.size() - 1, words.get(words.size() - 1) + "=" + word);
                        parsingFlagArg = false;
                        needFlagArg = true;
                    } else {
                        if (word.toString().equals("--")) return line.substring(pos);
                        if (blankOK || word.length() > 0) {
                            if (needFlagArg) parsingFlagArg = true;
                            words.add(word.toString());
                        }
                    }
                    word.setLength(0);
                    blankOK = false;
                    continue;
                }
                if (ch == '=' && needFlagArg) needFlagArg = false;
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOK = true;
                    phase = inQuote;
                    continue;
                }
                if (ch == '\\') {
                    if (pos + 1 == len) continue;
                    pos++;
                    ch = line.charAt(pos);
                }
                word.append(ch);
                continue;
            }
            if (ch == quote) {
                phase = inWord;
                continue;
            }
            if (ch == '\\') {
                if (pos + 1 == len) {
                    phase = inWord;
                    continue;
                }
                pos++;
                ch = line.charAt(pos);
            }
            word.append(ch);
        }
        return "";
    }

    // ---- line parsers (line_parsers.go) ----

    /** ONBUILD: the rest is an instruction of its own. */
    private static Parsed parseSubCommand(String rest) {
        if (rest.isEmpty()) return Parsed.NONE;
        Node child = newNodeFromLine(rest);
        List<String> args = new ArrayList<>();
        args.add(child.command());
        args.addAll(child.args());
        return new Parsed(args, false, child);
    }

    /** Words split at unquoted whitespace, quotes and escapes kept for the lexer to remove later. */
    private static List<String> parseWords(String rest) {
        final int inSpaces = 0;
        final int inWord = 1;
        final int inQuote = 2;
        List<String> words = new ArrayList<>();
        int phase = inSpaces;
        int quote = 0;
        boolean blankOK = false;
        StringBuilder b = new StringBuilder();
        int[] cps = rest.codePoints().toArray();
        int ch = 0;
        for (int pos = 0; pos <= cps.length; pos++) {
            if (pos != cps.length) ch = cps[pos];
            if (phase == inSpaces) {
                if (pos == cps.length) break;
                if (GoText.isSpace(ch)) continue;
                phase = inWord;
            }
            if ((phase == inWord || phase == inQuote) && pos == cps.length) {
                if (blankOK || b.length() > 0) words.add(b.toString());
                break;
            }
            if (phase == inWord) {
                if (GoText.isSpace(ch)) {
                    phase = inSpaces;
                    if (blankOK || b.length() > 0) words.add(b.toString());
                    b.setLength(0);
                    blankOK = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOK = true;
                    phase = inQuote;
                }
                if (ch == '\\') {
                    if (pos + 1 == cps.length) continue; // an escape token at the end is dropped
                    // outside quotes the escape and the character after it (even a quote) stay together
                    b.appendCodePoint(ch);
                    pos++;
                    ch = cps[pos];
                }
                b.appendCodePoint(ch);
                continue;
            }
            // in quotes
            if (ch == quote) phase = inWord;
            if (ch == '\\' && quote != '\'') {
                if (pos + 1 == cps.length) {
                    phase = inWord;
                    continue;
                }
                pos++;
                b.appendCodePoint(ch);
                ch = cps[pos];
            }
            b.appendCodePoint(ch);
        }
        return words;
    }

    /** ENV and LABEL: {@code name=value ...}, or the legacy {@code name value with spaces}; args are [k, v, k, v…]. */
    private static Parsed parseNameVal(String rest, String key) {
        List<String> words = parseWords(rest);
        if (words.isEmpty()) return Parsed.NONE;
        if (!words.get(0).contains("=")) {
            String[] parts = WHITESPACE.split(rest, 2);
            if (parts.length < 2) throw new IllegalArgumentException(key + " must have two arguments");
            return new Parsed(List.of(parts[0], parts[1]), false, null);
        }
        List<String> args = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            args.add(word.substring(0, eq));
            args.add(word.substring(eq + 1));
        }
        return new Parsed(args, false, null);
    }

    private static Parsed parseNameOrNameVal(String rest) {
        return new Parsed(parseWords(rest), false, null);
    }

    private static Parsed parseStringsWhitespaceDelimited(String rest) {
        if (rest.isEmpty()) return Parsed.NONE;
        return new Parsed(List.of(WHITESPACE.split(rest, -1)), false, null);
    }

    private static Parsed parseString(String rest) {
        if (rest.isEmpty()) return Parsed.NONE;
        return new Parsed(List.of(rest), false, null);
    }

    private static final String NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only";

    /** A JSON array of strings, or null when rest is no JSON array (a non-string element is an error). */
    /**
     * The strings of a JSON array as the parser reads an exec form, null when {@code rest} is not a JSON array.
     *
     * @throws IllegalArgumentException for an array with something other than strings in it
     */
    static List<String> parseJson(String rest) {
        rest = GoText.trimLeftSpace(rest);
        if (!rest.startsWith("[")) return null;
        JsonNode node;
        try {
            node = Json.readStrict(rest);
        } catch (java.io.IOException e) {
            return null;
        }
        if (node == null || !node.isArray()) return null;
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual()) throw new IllegalArgumentException(NOT_STRING_ARRAY);
            out.add(e.textValue());
        }
        return out;
    }

    /** CMD, ENTRYPOINT, RUN, SHELL: a JSON array (exec form), else the whole rest as one string (shell form). */
    private static Parsed parseMaybeJson(String rest) {
        if (rest.isEmpty()) return Parsed.NONE;
        List<String> json = parseJson(rest);
        if (json != null) return new Parsed(json, true, null);
        return new Parsed(List.of(rest), false, null);
    }

    /** VOLUME, ADD, COPY: a JSON array, else whitespace-separated words. */
    private static Parsed parseMaybeJsonToList(String rest) {
        List<String> json = parseJson(rest);
        if (json != null) return new Parsed(json, true, null);
        return parseStringsWhitespaceDelimited(rest);
    }

    /** HEALTHCHECK: a type word (CMD or NONE), then a command like CMD's. */
    private static Parsed parseHealthConfig(String rest) {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) sep++;
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) next++;
        if (sep == 0) return Parsed.NONE;
        Parsed cmd = parseMaybeJson(rest.substring(next));
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        args.addAll(cmd.args());
        return new Parsed(args, cmd.json(), null);
    }
}
