package dev.stowage.registry.credentials;

import java.util.Map;
import java.util.Optional;

/**
 * Credentials as docker and podman keep them: docker's config.json ({@code auths}, {@code credsStore},
 * {@code credHelpers}) with {@code docker-credential-<name>} helpers, and podman's auth files.
 * Registries are named as in references: {@code docker.io}, {@code localhost:5000}.
 */
public final class CredentialStore {

    public static CredentialStore fromEnvironment(Map<String, String> env) {
        throw new UnsupportedOperationException("TODO");
    }

    public Optional<Credential> get(String registry) {
        throw new UnsupportedOperationException("TODO");
    }

    public StoreResult store(String registry, Credential credential) {
        throw new UnsupportedOperationException("TODO");
    }

    public boolean erase(String registry) {
        throw new UnsupportedOperationException("TODO");
    }
}
