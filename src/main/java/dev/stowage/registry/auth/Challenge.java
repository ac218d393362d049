package dev.stowage.registry.auth;

import java.util.Map;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235): a scheme such as
 * {@code bearer} or {@code basic} (lowercased) and its parameters (names lowercased, values unquoted).
 */
public record Challenge(String scheme, Map<String, String> params) {
    /** A parameter by name, case-insensitively; null when absent. */
    public String param(String name) {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean isBearer() {
        return "bearer".equals(scheme);
    }

    public boolean isBasic() {
        return "basic".equals(scheme);
    }
}
