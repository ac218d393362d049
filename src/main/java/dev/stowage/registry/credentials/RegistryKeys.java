package dev.stowage.registry.credentials;

import java.util.Locale;
import java.util.Set;

/**
 * How docker and podman name registries in their credential files. Keys may be bare hosts
 * ({@code ghcr.io}, {@code localhost:5000}), URLs ({@code https://index.docker.io/v1/},
 * {@code http://host:5000/v2/}) or, in podman's auth.json, repositories ({@code quay.io/ns/repo});
 * all of them are compared by their lowercased {@code host[:port]}, with Docker Hub's aliases folded
 * into {@code docker.io}.
 */
public final class RegistryKeys {
    /** Docker Hub as references name it. */
    public static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's key in config.json and its server URL for credential helpers. */
    public static final String DOCKER_HUB_SERVER_URL = "https://index.docker.io/v1/";

    private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private RegistryKeys() {
    }

    /** The lowercased {@code host[:port]} of a key or registry name, Docker Hub folded; null when there is none. */
    public static String normalize(String key) {
        if (key == null) return null;
        String rest = stripScheme(key.trim());
        int slash = rest.indexOf('/');
        String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        if (host.isEmpty()) return null;
        return DOCKER_HUB_ALIASES.contains(host) ? DOCKER_HUB : host;
    }

    /** Whether a key names one registry as a whole: a bare host, a URL, not a podman repository key. */
    static boolean namesWholeRegistry(String key) {
        String trimmed = key.trim();
        String rest = stripScheme(trimmed);
        if (rest.length() != trimmed.length()) return true; // URLs such as https://host/v2/ mean the registry
        int slash = rest.indexOf('/');
        return slash < 0 || slash == rest.length() - 1;
    }

    /**
     * The name docker uses for a registry in config.json {@code auths} and with credential helpers:
     * {@code https://index.docker.io/v1/} for Docker Hub, else {@code host[:port]}.
     */
    public static String serverUrl(String registry) {
        String normalized = normalize(registry);
        if (normalized == null) throw new CredentialException("empty registry name");
        return DOCKER_HUB.equals(normalized) ? DOCKER_HUB_SERVER_URL : normalized;
    }

    private static String stripScheme(String key) {
        int i = key.indexOf("://");
        if (i <= 0) return key;
        for (int j = 0; j < i; j++) {
            char c = key.charAt(j);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean ok = letter || (j > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
            if (!ok) return key;
        }
        return key.substring(i + 3);
    }
}
