package dev.stowage.registry.credentials;

import java.nio.file.Path;

/** Where {@link CredentialStore#store} put a credential: a helper's name, or the config file (unencrypted). */
public record StoreResult(String helper, Path file) {
    public boolean unencrypted() {
        return helper == null;
    }
}
