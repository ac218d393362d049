package dev.stowage.cli;

import dev.stowage.registry.RegistryApi;
import dev.stowage.registry.RegistryClient;
import dev.stowage.registry.RegistrySettings;
import dev.stowage.registry.credentials.CredentialStore;

import java.util.List;
import java.util.Locale;
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

    /** {@code https://index.docker.io/v1/}, {@code index.docker.io}, {@code HOST:PORT/} all to the registry name references use. */
    static String normalizeRegistry(String text) {
        String r = text.trim().toLowerCase(Locale.ROOT);
        r = r.replaceFirst("^https?://", "");
        int slash = r.indexOf('/');
        if (slash >= 0) r = r.substring(0, slash);
        if (r.isEmpty() || r.equals("index.docker.io") || r.equals("registry-1.docker.io")) return "docker.io";
        return r;
    }
}
