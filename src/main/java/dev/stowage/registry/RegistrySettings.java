package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to reach registries: which are insecure (plain HTTP or unverified TLS, an explicit opt-in; loopback
 * addresses are insecure by default as in Docker unless {@code loopbackInsecure} is off), and where extra
 * CA and client certificates live ({@code certs.d/<host:port>/}).
 * <p>
 * Read from {@code ${XDG_CONFIG_HOME:-~/.config}/stowage/settings.json}:
 * {@code {"insecureRegistries": ["host:port", …], "loopbackInsecure": true}}, plus {@code --insecure-registry}.
 */
public record RegistrySettings(Set<String> insecureRegistries, boolean loopbackInsecure, List<Path> certDirs) {

    /** {@code ${XDG_CONFIG_HOME:-~/.config}/stowage}: where settings.json and certs.d live. */
    public static Path configDir(Map<String, String> env) {
        Path home = Paths.get(env.getOrDefault("HOME", System.getProperty("user.home")));
        String xdg = env.get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Paths.get(xdg) : home.resolve(".config")).resolve("stowage");
    }

    /** The certs.d folder Stowage itself writes to: {@code $STOWAGE_CERTS_D}, else the one in {@link #configDir}. */
    public static Path ownCertsDir(Map<String, String> env) {
        String override = env.get("STOWAGE_CERTS_D");
        return override != null && !override.isBlank() ? Paths.get(override) : configDir(env).resolve("certs.d");
    }

    public static RegistrySettings load(Map<String, String> env, List<String> extraInsecure) {
        Path configDir = configDir(env);
        Set<String> insecure = new LinkedHashSet<>();
        boolean loopback = true;
        Path file = configDir.resolve("settings.json");
        if (Files.isRegularFile(file)) {
            try {
                JsonNode root = Json.parseObject(Files.readAllBytes(file), file.toString());
                root.path("insecureRegistries").forEach(n -> insecure.add(n.asText().toLowerCase(Locale.ROOT)));
                loopback = root.path("loopbackInsecure").asBoolean(true);
            } catch (IOException | ImageFormatException e) {
                throw new RegistryException("cannot read settings " + file + ": " + e.getMessage());
            }
        }
        extraInsecure.forEach(h -> insecure.add(h.toLowerCase(Locale.ROOT)));
        List<Path> certDirs = new ArrayList<>();
        String override = env.get("STOWAGE_CERTS_D");
        if (override != null && !override.isBlank()) {
            certDirs.add(Paths.get(override));
        } else {
            certDirs.add(Paths.get("/etc/docker/certs.d"));
            certDirs.add(Paths.get("/etc/containers/certs.d"));
            certDirs.add(configDir.resolve("certs.d"));
        }
        return new RegistrySettings(Set.copyOf(insecure), loopback, List.copyOf(certDirs));
    }

    /** Whether TLS may be skipped or unverified for this registry ({@code host[:port]}). */
    public boolean isInsecure(String registry) {
        String r = registry.toLowerCase(Locale.ROOT);
        if (insecureRegistries.contains(r) || insecureRegistries.contains(hostOf(r))) return true;
        return loopbackInsecure && isLoopback(hostOf(r));
    }

    static String hostOf(String registry) {
        if (registry.startsWith("[")) {
            int end = registry.indexOf(']');
            return end < 0 ? registry : registry.substring(1, end);
        }
        int colon = registry.lastIndexOf(':');
        return colon < 0 ? registry : registry.substring(0, colon);
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) return true;
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The {@code certs.d} folders of a registry, in lookup order. */
    public List<Path> certDirsFor(String registry) {
        return certDirs.stream().map(d -> d.resolve(registry)).filter(Files::isDirectory).toList();
    }
}
