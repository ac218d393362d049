package dev.stowage.registry.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One authentication challenge from a {@code WWW-Authenticate} header (RFC 7235): a scheme such as
 * {@code bearer} or {@code basic} (lowercased) and its parameters (names lowercased, values unquoted).
 */
public record Challenge(String scheme, Map<String, String> params) {
    /** Lowercases the scheme and the parameter names (the first of duplicate names wins); copies the map. */
    public Challenge {
        scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        Map<String, String> copy = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                if (k != null && v != null) copy.putIfAbsent(k.toLowerCase(Locale.ROOT), v);
            });
        }
        params = Collections.unmodifiableMap(copy);
    }

    /** A parameter by name, case-insensitively; null when absent. */
    public String param(String name) {
        return name == null ? null : params.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isBearer() {
        return "bearer".equals(scheme);
    }

    public boolean isBasic() {
        return "basic".equals(scheme);
    }
}
