package dev.stowage.registry.auth;

import java.util.List;

/** Parses {@code WWW-Authenticate} header values per RFC 7235: several challenges, quoted parameters. */
public final class WwwAuthenticate {
    private WwwAuthenticate() {
    }

    /** Every challenge of every given header value, in order; malformed parts are skipped, never thrown. */
    public static List<Challenge> parse(List<String> headerValues) {
        throw new UnsupportedOperationException("TODO");
    }
}
