package dev.stowage.image;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An image reference such as {@code busybox}, {@code localhost:5000/a/b:v1} or
 * {@code registry.example.com/app@sha256:…}, parsed and normalized the way Docker does it
 * (github.com/distribution/reference: {@code ParseNormalizedNamed} followed by {@code TagNameOnly}).
 *
 * <p>Grammar (reference.go):
 * <pre>
 *  reference        := name [ ":" tag ] [ "@" digest ]
 *  name             := [domain '/'] remote-name
 *  domain           := host [':' port-number]
 *  host             := domain-name | "[" IPv6address "]"
 *  domain-name      := domain-component ['.' domain-component]*
 *  domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 *  port-number      := /[0-9]+/
 *  path-component   := alpha-numeric [separator alpha-numeric]*
 *  remote-name      := path-component ['/' path-component]*
 *  alpha-numeric    := /[a-z0-9]+/
 *  separator        := /[_.]|__|[-]+/
 *  tag              := /[\w][\w.-]{0,127}/
 * </pre>
 *
 * <p>Normalization (normalize.go): the first '/'-separated component is a registry domain only if it
 * contains '.' or ':', is exactly {@code localhost}, or contains an uppercase letter; otherwise the
 * domain is {@code docker.io}. {@code index.docker.io} is rewritten to {@code docker.io}, and a
 * single-component name on {@code docker.io} gets the {@code library/} namespace.
 *
 * <p>Instances are immutable; equality is on the fully normalized {@link #toString()}.
 */
public final class Reference {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    public static final String OFFICIAL_REPO_PREFIX = "library/";
    public static final String DEFAULT_TAG = "latest";
    /** distribution/reference RepositoryNameTotalLengthMax; applies to the path (the domain is excluded). */
    public static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String LOCALHOST = "localhost";
    private static final int TAG_MAX = 128;

    // The grammar is checked by the small linear scanners at the end of this class rather than by
    // java.util.regex: Java's regex engine recurses once per repetition of a group, so regexp.go's
    // patterns overflow the stack on long inputs. They accept exactly what these regexps accept:
    //   pathComponent = [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*     remoteName = pathComponent(?:/pathComponent)*
    //   domainAndPort = (?:domainName|\[[a-fA-F0-9:]+\])(?::[0-9]+)?
    //   domainName    = domainNameComponent(?:\.domainNameComponent)*
    //   domainNameComponent = [a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
    //   tag           = [\w][\w.-]{0,127}
    //   digest        = [A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}
    //   reference     = (?:domainAndPort/)?remoteName(?::tag)?(?:@digest)?

    private final String domain;
    private final String path;
    private final String tag;
    private final Digest digest;
    private final String normalized;

    private Reference(String domain, String path, String tag, Digest digest) {
        this.domain = domain;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
        StringBuilder sb = new StringBuilder(domain).append('/').append(path);
        if (tag != null) sb.append(':').append(tag);
        if (digest != null) sb.append('@').append(digest);
        this.normalized = sb.toString();
    }

    /**
     * Parses and normalizes {@code text} like {@code docker pull} does, adding the tag {@code latest}
     * when neither a tag nor a digest is given.
     *
     * @throws ImageFormatException with a one-line message quoting the input
     */
    public static Reference parse(String text) {
        Reference ref = parseRepository(text);
        if (ref.tag == null && ref.digest == null) {
            return new Reference(ref.domain, ref.path, DEFAULT_TAG, null);
        }
        return ref;
    }

    /**
     * Parses and normalizes {@code text} but never adds a default tag: {@code busybox} stays
     * {@code docker.io/library/busybox} (for filters such as {@code --filter reference=}). A tag and/or
     * digest in the input is accepted and kept.
     *
     * @throws ImageFormatException with a one-line message quoting the input
     */
    public static Reference parseRepository(String text) {
        if (text == null || text.isBlank()) {
            throw new ImageFormatException("invalid reference format: empty reference");
        }
        if (isIdentifier(text)) {
            throw new ImageFormatException("invalid repository name (" + text
                    + "), cannot specify 64-byte hexadecimal strings");
        }

        // splitDockerDomain
        String domain;
        String remainder;
        int slash = text.indexOf('/');
        if (slash < 0) {
            domain = DEFAULT_DOMAIN;
            remainder = text;
        } else {
            String maybeDomain = text.substring(0, slash);
            if (maybeDomain.equals(LEGACY_DEFAULT_DOMAIN)) {
                domain = DEFAULT_DOMAIN;
                remainder = text.substring(slash + 1);
            } else if (maybeDomain.equals(LOCALHOST)
                    || maybeDomain.indexOf('.') >= 0
                    || maybeDomain.indexOf(':') >= 0
                    || hasUppercase(maybeDomain)) {
                domain = maybeDomain;
                remainder = text.substring(slash + 1);
            } else {
                domain = DEFAULT_DOMAIN;
                remainder = text;
            }
        }
        // The remote name as the user wrote it (before "library/" is added), for the lowercase message.
        int colon = remainder.indexOf(':');
        String remote = colon >= 0 ? remainder.substring(0, colon) : remainder;
        if (hasUppercase(remote)) {
            throw new ImageFormatException(
                    "invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_REPO_PREFIX + remainder;
        }

        Parts parts = isDomainAndPort(domain) ? splitRemainder(remainder) : null;
        if (parts == null) {
            String full = domain + "/" + remainder;
            if (splitRemainder(full) != null) {
                // Docker would accept this as a name without a registry (e.g. "my_host.local/app" is a
                // valid two-component path), but such a reference has no domain and cannot be used.
                throw new ImageFormatException("invalid reference format: " + quote(text)
                        + " (\"" + domain + "\" is not a valid registry host)");
            }
            String lowerDomain = domain.toLowerCase(Locale.ROOT);
            String lowerRemainder = remainder.toLowerCase(Locale.ROOT);
            boolean lowerMatches = isDomainAndPort(lowerDomain) && splitRemainder(lowerRemainder) != null
                    || splitRemainder(lowerDomain + "/" + lowerRemainder) != null;
            if (!full.toLowerCase(Locale.ROOT).equals(full) && lowerMatches) {
                throw new ImageFormatException(
                        "invalid reference format: repository name must be lowercase: " + quote(text));
            }
            throw new ImageFormatException("invalid reference format: " + quote(text));
        }
        if (parts.path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new ImageFormatException("invalid reference format: repository name must not be more than "
                    + NAME_TOTAL_LENGTH_MAX + " characters: " + quote(text));
        }
        Digest digest = null;
        if (parts.digest != null) {
            try {
                digest = Digest.parse(parts.digest);
            } catch (ImageFormatException e) {
                throw new ImageFormatException("invalid reference format: " + quote(text) + ": " + e.getMessage(), e);
            }
        }
        return new Reference(domain, parts.path, parts.tag, digest);
    }

    /** Whether {@link #parse(String)} accepts {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (ImageFormatException e) {
            return false;
        }
    }

    /** Whether {@code tag} matches Docker's tag grammar {@code [\w][\w.-]{0,127}}. */
    public static boolean isValidTag(String tag) {
        if (tag == null || tag.isEmpty() || tag.length() > TAG_MAX || !isWordChar(tag.charAt(0))) {
            return false;
        }
        for (int i = 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!isWordChar(c) && c != '.' && c != '-') return false;
        }
        return true;
    }

    /** The registry: {@code docker.io}, {@code localhost:5000}, {@code [::1]:5000}, … (never empty). */
    public String domain() {
        return domain;
    }

    /** The repository path within the registry: {@code library/busybox}, {@code user/app}. */
    public String path() {
        return path;
    }

    /** {@code domain() + "/" + path()}, e.g. {@code docker.io/library/busybox}. */
    public String repository() {
        return domain + "/" + path;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** The same repository with {@code tag} and no digest. */
    public Reference withTag(String tag) {
        if (!isValidTag(tag)) {
            throw new ImageFormatException("invalid tag " + quote(tag == null ? "" : tag));
        }
        return new Reference(domain, path, tag, null);
    }

    /** The same repository with {@code digest} and no tag. */
    public Reference withDigest(Digest digest) {
        Objects.requireNonNull(digest, "digest");
        return new Reference(domain, path, null, digest);
    }

    /**
     * Docker's FamiliarName: {@code docker.io/} is dropped, as is {@code library/} when nothing else is
     * nested under it ({@code busybox}, {@code user/app}, {@code localhost:5000/a/b}).
     */
    public String familiarRepository() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return domain + "/" + path;
        }
        if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
            String rest = path.substring(OFFICIAL_REPO_PREFIX.length());
            if (rest.indexOf('/') < 0) {
                return rest;
            }
        }
        return path;
    }

    /** Docker's FamiliarString: {@code busybox:latest}, {@code localhost:5000/a/b@sha256:…}. */
    public String familiarString() {
        StringBuilder sb = new StringBuilder(familiarRepository());
        if (tag != null) sb.append(':').append(tag);
        if (digest != null) sb.append('@').append(digest);
        return sb.toString();
    }

    /** Fully normalized: {@code docker.io/library/busybox:latest}, {@code repo:tag@sha256:…}. */
    @Override
    public String toString() {
        return normalized;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reference other && normalized.equals(other.normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }

    /** Go's {@code strings.ToLower(s) != s}. */
    private static boolean hasUppercase(String s) {
        return !s.toLowerCase(Locale.ROOT).equals(s);
    }

    // ---------------------------------------------------------------- grammar scanners

    /** Path, tag (or null) and digest text (or null) of {@code remoteName(:tag)?(@digest)?}. */
    private record Parts(String path, String tag, String digest) {}

    /**
     * Splits and checks {@code remoteName(:tag)?(@digest)?}; null if it does not match. The remote name
     * holds neither ':' nor '@' and a tag holds no '@', so the first '@' and then the first ':' are
     * the only places the grammar can split.
     */
    private static Parts splitRemainder(String s) {
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
            if (!isDigestText(digest)) return null;
        }
        String tag = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!isValidTag(tag)) return null;
        }
        return isRemoteName(s) ? new Parts(s, tag, digest) : null;
    }

    /** {@code pathComponent(/pathComponent)*}. */
    private static boolean isRemoteName(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!isPathComponent(s, start, end)) return false;
            if (slash < 0) return true;
            start = slash + 1;
        }
    }

    /** {@code [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*} over {@code s[from, to)}. */
    private static boolean isPathComponent(String s, int from, int to) {
        int i = from;
        while (true) {
            int runStart = i;
            while (i < to && isLowerAlnum(s.charAt(i))) i++;
            if (i == runStart) return false; // empty component, or a separator not followed by [a-z0-9]
            if (i == to) return true;
            char c = s.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i++;
                if (i < to && s.charAt(i) == '_') i++;
            } else if (c == '-') {
                while (i < to && s.charAt(i) == '-') i++;
            } else {
                return false;
            }
        }
    }

    /** {@code (?:domainName|\[[a-fA-F0-9:]+\])(?::[0-9]+)?}. */
    private static boolean isDomainAndPort(String s) {
        int n = s.length();
        int i;
        if (n > 0 && s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 2) return false;
            for (int k = 1; k < close; k++) {
                char c = s.charAt(k);
                if (!isHexDigit(c) && c != ':') return false;
            }
            i = close + 1;
        } else {
            i = 0;
            while (true) {
                // a domain component is a maximal run of [a-zA-Z0-9-] that starts and ends with [a-zA-Z0-9]
                int start = i;
                while (i < n && (isAsciiAlnum(s.charAt(i)) || s.charAt(i) == '-')) i++;
                if (i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') return false;
                if (i < n && s.charAt(i) == '.') {
                    i++;
                    continue;
                }
                break;
            }
        }
        if (i == n) return true;
        if (s.charAt(i) != ':' || i + 1 == n) return false;
        for (int k = i + 1; k < n; k++) {
            if (s.charAt(k) < '0' || s.charAt(k) > '9') return false;
        }
        return true;
    }

    /** regexp.go's digestPat: {@code [A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}}. */
    private static boolean isDigestText(String s) {
        int colon = s.indexOf(':');
        if (colon < 0 || s.length() - colon - 1 < 32) return false;
        int i = 0;
        while (true) {
            if (i >= colon || !isAsciiLetter(s.charAt(i))) return false;
            i++;
            while (i < colon && (isAsciiLetter(s.charAt(i)) || isDigit(s.charAt(i)))) i++;
            if (i == colon) break;
            char sep = s.charAt(i);
            if (sep != '-' && sep != '_' && sep != '+' && sep != '.') return false;
            i++;
        }
        for (int k = colon + 1; k < s.length(); k++) {
            if (!isHexDigit(s.charAt(k))) return false;
        }
        return true;
    }

    /** {@code [a-f0-9]{64}}: an image ID, which docker refuses as a repository name. */
    private static boolean isIdentifier(String s) {
        if (s.length() != 64) return false;
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && (c < 'a' || c > 'f')) return false;
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiAlnum(char c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    /** Go's (and Java's default) {@code \w}: {@code [0-9A-Za-z_]}. */
    private static boolean isWordChar(char c) {
        return isAsciiAlnum(c) || c == '_';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
