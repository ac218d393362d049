package dev.stowage.registry.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code WWW-Authenticate} header values per RFC 7235: several challenges, quoted parameters.
 *
 * <pre>
 * WWW-Authenticate = 1#challenge
 * challenge        = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 * auth-param       = token BWS "=" BWS ( token / quoted-string )
 * token68          = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
 * </pre>
 *
 * Lenient where servers are sloppy: an unquoted value may hold any character but whitespace, comma and
 * quote ({@code realm=https://auth/token}); a malformed list element is skipped up to the next comma
 * outside quotes; an unterminated quoted string ends the header value. Never throws.
 */
public final class WwwAuthenticate {
    private WwwAuthenticate() {
    }

    /** Every challenge of every given header value, in order; malformed parts are skipped, never thrown. */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        if (headerValues == null) return out;
        for (String value : headerValues) {
            if (value != null) new Parser(value).parseInto(out);
        }
        return List.copyOf(out);
    }

    /** Convenience for one header value. */
    public static List<Challenge> parse(String headerValue) {
        return parse(headerValue == null ? List.of() : List.of(headerValue));
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private String scheme;
        private Map<String, String> params;

        Parser(String s) {
            this.s = s;
        }

        void parseInto(List<Challenge> out) {
            while (true) {
                skipWhitespaceAndCommas();
                if (pos >= s.length()) break;
                int start = pos;
                String token = readToken();
                if (token.isEmpty()) {
                    if (!skipElement()) break;
                    continue;
                }
                int afterToken = pos;
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) == '=') {
                    // an auth-param of the current challenge
                    pos++;
                    skipWhitespace();
                    String value;
                    if (pos < s.length() && s.charAt(pos) == '"') {
                        value = readQuoted();
                        if (value == null) break; // unterminated: the rest of the value is inside the quotes
                    } else {
                        value = readBareValue();
                        if (value.isEmpty()) value = null; // "name=" followed by nothing usable
                    }
                    int valueEnd = pos;
                    skipWhitespace();
                    boolean wellEnded = pos >= s.length() || s.charAt(pos) == ',';
                    // a missing comma ("realm=\"a\" service=\"b\"") keeps the parameter before the gap;
                    // garbage glued to a value ("realm=\"a\"x") drops it
                    boolean keep = value != null && scheme != null && (wellEnded || pos > valueEnd);
                    if (keep) params.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
                    if (!wellEnded && !skipElement()) break;
                    continue;
                }
                // a new challenge: the scheme must be followed by whitespace, a comma or the end
                if (afterToken < s.length() && s.charAt(afterToken) != ','
                        && !isWhitespace(s.charAt(afterToken))) {
                    pos = start;
                    if (!skipElement()) break;
                    continue;
                }
                finish(out);
                scheme = token.toLowerCase(Locale.ROOT);
                params = new LinkedHashMap<>();
                if (afterToken < s.length() && isWhitespace(s.charAt(afterToken))) skipToken68();
            }
            finish(out);
        }

        private void finish(List<Challenge> out) {
            if (scheme != null) out.add(new Challenge(scheme, params));
            scheme = null;
            params = null;
        }

        /** After a scheme and whitespace: consumes a token68 (its value is not kept) when one is there. */
        private void skipToken68() {
            int p = pos;
            int begin = p;
            while (p < s.length() && isToken68Char(s.charAt(p))) p++;
            if (p == begin) return;
            while (p < s.length() && s.charAt(p) == '=') p++;
            int end = p;
            while (p < s.length() && isWhitespace(s.charAt(p))) p++;
            if (p >= s.length() || s.charAt(p) == ',') pos = end;
        }

        private String readToken() {
            int begin = pos;
            while (pos < s.length() && isTchar(s.charAt(pos))) pos++;
            return s.substring(begin, pos);
        }

        private String readBareValue() {
            int begin = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',' || c == '"' || isWhitespace(c)) break;
                pos++;
            }
            return s.substring(begin, pos);
        }

        /** At an opening quote: the unescaped content, or null when the quote never closes. */
        private String readQuoted() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') return sb.toString();
                if (c == '\\') {
                    if (pos >= s.length()) return null;
                    sb.append(s.charAt(pos++));
                } else {
                    sb.append(c);
                }
            }
            return null;
        }

        /** Skips to the next comma outside quotes; false when the rest of the value is unusable. */
        private boolean skipElement() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ',') return true;
                if (c == '"') {
                    if (readQuoted() == null) return false;
                } else {
                    pos++;
                }
            }
            return true;
        }

        private void skipWhitespace() {
            while (pos < s.length() && isWhitespace(s.charAt(pos))) pos++;
        }

        private void skipWhitespaceAndCommas() {
            while (pos < s.length() && (isWhitespace(s.charAt(pos)) || s.charAt(pos) == ',')) pos++;
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }

        private static boolean isToken68Char(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~+/".indexOf(c) >= 0;
        }
    }
}
