package dev.stowage.cli;

import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistrySettings;
import dev.stowage.registry.credentials.CredentialStore;

import java.util.List;
import java.util.Map;

/** What the registry commands share: settings, the credential store, and clients built from them. */
final class RegistryAccess {
    private final RegistrySettings settings;
    private final CredentialStore credentials;

    RegistryAccess(Map<String, String> env, List<String> insecureRegistries) {
        this.settings = RegistrySettings.load(env, insecureRegistries);
        this.credentials = CredentialStore.fromEnvironment(env);
    }

    CredentialStore credentials() {
        return credentials;
    }

    RegistrySettings settings() {
        return settings;
    }

    RegistryApi api(String registry) {
        return new RegistryApi(new RegistryClient(registry, credentials.get(registry), settings));
    }
}
