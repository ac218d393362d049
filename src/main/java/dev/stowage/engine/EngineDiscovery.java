package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The engines this machine points at, in order, without contacting any: {@code DOCKER_HOST} (with
 * {@code DOCKER_TLS_VERIFY} / {@code DOCKER_CERT_PATH}), the current docker context ({@code DOCKER_CONTEXT} or
 * {@code currentContext} in {@code config.json}, its {@code contexts/meta/<sha256(name)>/meta.json} and TLS
 * files), then the well-known sockets that exist: {@code /var/run/docker.sock},
 * {@code $XDG_RUNTIME_DIR/podman/podman.sock}, {@code /run/podman/podman.sock}. The same address is listed once.
 */
public final class EngineDiscovery {
    private final Map<String, String> env;
    private final Path dockerSocket;
    private final Path rootPodmanSocket;

    public EngineDiscovery(Map<String, String> env) {
        this(env, Path.of("/var/run/docker.sock"), Path.of("/run/podman/podman.sock"));
    }

    /** With other well-known socket paths (tests). */
    public EngineDiscovery(Map<String, String> env, Path dockerSocket, Path rootPodmanSocket) {
        this.env = env;
        this.dockerSocket = dockerSocket;
        this.rootPodmanSocket = rootPodmanSocket;
    }

    public List<EngineEndpoint> discover() {
        List<EngineEndpoint> found = new ArrayList<>();
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            try {
                found.add(fromDockerHost(host));
            } catch (EngineException e) {
                // ssh:// or a typo: not an engine to list; --engine DOCKER_HOST says why
            }
        }
        try {
            EngineEndpoint context = currentContext();
            if (context != null) found.add(context);
        } catch (EngineException e) {
            // a broken or unsupported (ssh://) context is not an engine to list; --engine NAME still reports it
        }
        if (isSocket(dockerSocket)) found.add(EngineEndpoint.parse("docker", "unix://" + dockerSocket, null, "default socket"));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            Path p = Path.of(runtime, "podman", "podman.sock");
            if (isSocket(p)) found.add(EngineEndpoint.parse("podman", "unix://" + p, null, "podman user socket"));
        }
        if (isSocket(rootPodmanSocket)) {
            found.add(EngineEndpoint.parse("podman-root", "unix://" + rootPodmanSocket, null, "podman system socket"));
        }
        return unique(found);
    }

    /** {@code --engine NAME|URL}: a discovered engine by name, else an address. */
    public EngineEndpoint resolve(String nameOrAddress) {
        for (EngineEndpoint e : discover()) {
            if (e.name().equals(nameOrAddress)) return e;
        }
        // not listed because it cannot be used: say why
        String host = env.get("DOCKER_HOST");
        if (nameOrAddress.equals("DOCKER_HOST") && host != null && !host.isBlank()) return fromDockerHost(host);
        String context = env.get("DOCKER_CONTEXT");
        if (nameOrAddress.equals(context)) {
            EngineEndpoint e = currentContext();
            if (e != null) return e;
        }
        if (nameOrAddress.contains("://") || nameOrAddress.startsWith("/")) {
            EngineEndpoint parsed = EngineEndpoint.parse(nameOrAddress, nameOrAddress, dockerHostTls(), "command line");
            if (!parsed.uri().getScheme().equals("tcp")) parsed = EngineEndpoint.parse(nameOrAddress, nameOrAddress, null, "command line");
            return parsed;
        }
        String known = discover().stream().map(EngineEndpoint::name).collect(Collectors.joining(", "));
        throw new EngineException("no engine named '" + nameOrAddress + "'" + (known.isEmpty() ? " (none found; give an address such as unix:///run/podman/podman.sock)"
                : " (found: " + known + ")"));
    }

    private EngineEndpoint fromDockerHost(String host) {
        EngineEndpoint.Tls tls = host.startsWith("tcp://") ? dockerHostTls() : null;
        return EngineEndpoint.parse("DOCKER_HOST", host, tls, "DOCKER_HOST");
    }

    /** As docker: TLS when DOCKER_TLS_VERIFY or DOCKER_CERT_PATH is set; verified only with DOCKER_TLS_VERIFY. */
    private EngineEndpoint.Tls dockerHostTls() {
        boolean verify = !env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty();
        String certPath = env.getOrDefault("DOCKER_CERT_PATH", "");
        if (!verify && certPath.isEmpty()) return null;
        return new EngineEndpoint.Tls(certPath.isEmpty() ? dockerConfigDir() : Path.of(certPath), verify);
    }

    private Path dockerConfigDir() {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".docker");
    }

    private EngineEndpoint currentContext() {
        String name = env.get("DOCKER_CONTEXT");
        Path config = dockerConfigDir().resolve("config.json");
        if ((name == null || name.isBlank()) && Files.isRegularFile(config)) {
            try {
                name = Json.readTree(Files.readAllBytes(config)).path("currentContext").asText(null);
            } catch (IOException e) {
                return null; // an unreadable config.json is the registry commands' to report
            }
        }
        if (name == null || name.isBlank() || name.equals("default")) return null;
        String id = sha256(name);
        Path meta = dockerConfigDir().resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
        if (!Files.isRegularFile(meta)) throw new EngineException("docker context '" + name + "' not found (" + meta + ")");
        try {
            JsonNode docker = Json.readTree(Files.readAllBytes(meta)).path("Endpoints").path("docker");
            String host = docker.path("Host").asText("");
            if (host.isEmpty()) throw new EngineException("docker context '" + name + "' has no docker endpoint");
            EngineEndpoint.Tls tls = null;
            Path tlsDir = dockerConfigDir().resolve("contexts").resolve("tls").resolve(id).resolve("docker");
            if (host.startsWith("tcp://") && Files.isDirectory(tlsDir)) {
                tls = new EngineEndpoint.Tls(tlsDir, !docker.path("SkipTLSVerify").asBoolean(false));
            }
            return EngineEndpoint.parse(name, host, tls, "docker context");
        } catch (IOException e) {
            throw new EngineException("cannot read docker context '" + name + "': " + e.getMessage());
        }
    }

    private static boolean isSocket(Path p) {
        return p != null && Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p);
    }

    private static List<EngineEndpoint> unique(List<EngineEndpoint> all) {
        Map<String, EngineEndpoint> byAddress = new LinkedHashMap<>();
        for (EngineEndpoint e : all) byAddress.putIfAbsent(e.address(), e);
        return List.copyOf(byAddress.values());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
