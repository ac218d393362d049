package dev.stowage.registry.credentials;

/**
 * A registry credential: a user name and a secret (password or token). When {@code identityToken} is
 * true the secret is an OAuth2 refresh token (docker's {@code identitytoken}; helpers say user {@code <token>}).
 * {@link #toString()} never shows the secret.
 */
public record Credential(String username, String secret, boolean identityToken) {
    @Override
    public String toString() {
        return "Credential[" + username + ", secret hidden" + (identityToken ? ", identity token" : "") + "]";
    }
}
