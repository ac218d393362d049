package dev.stowage.registry.credentials;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials as docker and podman keep them: docker's config.json ({@code auths}, {@code credsStore},
 * {@code credHelpers}) with {@code docker-credential-<name>} helpers, and podman's auth files.
 * Registries are named as in references: {@code docker.io}, {@code localhost:5000}; URL-style names
 * and Docker Hub's aliases are accepted too (see {@link RegistryKeys}).
 *
 * <p>Lookup order: {@code credHelpers[registry]}, {@code credsStore}, docker's {@code auths}, then the
 * podman auth files in order; a helper that has no credential for the registry passes on to the next
 * source. Files are read afresh on every call. Secrets never appear in messages or {@code toString}.
 */
public final class CredentialStore {
    private final Path dockerConfigFile;
    private final List<Path> podmanAuthFiles;
    private final List<Path> helperSearchPath;
    private final Map<String, String> helperEnvironment;
    private final Duration helperTimeout;

    /**
     * @param dockerConfigFile  docker's config.json (need not exist)
     * @param podmanAuthFiles   podman auth files, read only, in lookup order (need not exist)
     * @param helperSearchPath  directories searched for {@code docker-credential-<name>}
     * @param helperEnvironment variables set for helper processes on top of this process's environment
     * @param helperTimeout     how long a helper may run before it is killed
     */
    public CredentialStore(Path dockerConfigFile, List<Path> podmanAuthFiles, List<Path> helperSearchPath,
                           Map<String, String> helperEnvironment, Duration helperTimeout) {
        this.dockerConfigFile = dockerConfigFile;
        this.podmanAuthFiles = List.copyOf(podmanAuthFiles);
        this.helperSearchPath = List.copyOf(helperSearchPath);
        this.helperEnvironment = helperEnvironment == null ? Map.of() : Map.copyOf(helperEnvironment);
        this.helperTimeout = helperTimeout == null ? CredentialHelper.DEFAULT_TIMEOUT : helperTimeout;
    }

    public CredentialStore(Path dockerConfigFile, List<Path> podmanAuthFiles, List<Path> helperSearchPath,
                           Map<String, String> helperEnvironment) {
        this(dockerConfigFile, podmanAuthFiles, helperSearchPath, helperEnvironment, CredentialHelper.DEFAULT_TIMEOUT);
    }

    /**
     * Locations from environment variables: {@code $DOCKER_CONFIG/config.json} else
     * {@code ~/.docker/config.json} ({@code ~} is {@code $HOME}, else the {@code user.home} property);
     * podman's {@code $REGISTRY_AUTH_FILE}, {@code $XDG_RUNTIME_DIR/containers/auth.json},
     * {@code ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json}; helpers on {@code $PATH} (absolute
     * entries only). Helpers run with {@code env} added to this process's environment.
     */
    public static CredentialStore fromEnvironment(Map<String, String> env) {
        String homeVar = var(env, "HOME");
        Path home = Path.of(homeVar != null ? homeVar : System.getProperty("user.home"));
        String dockerConfig = var(env, "DOCKER_CONFIG");
        Path dockerDir = dockerConfig != null ? Path.of(dockerConfig) : home.resolve(".docker");

        List<Path> podman = new ArrayList<>();
        String registryAuthFile = var(env, "REGISTRY_AUTH_FILE");
        if (registryAuthFile != null) podman.add(Path.of(registryAuthFile));
        String runtimeDir = var(env, "XDG_RUNTIME_DIR");
        if (runtimeDir != null) podman.add(Path.of(runtimeDir, "containers", "auth.json"));
        String configHome = var(env, "XDG_CONFIG_HOME");
        podman.add((configHome != null ? Path.of(configHome) : home.resolve(".config")).resolve("containers").resolve("auth.json"));

        List<Path> searchPath = new ArrayList<>();
        String pathVar = var(env, "PATH");
        if (pathVar != null) {
            for (String entry : pathVar.split(File.pathSeparator)) {
                try {
                    // relative entries (including the empty one, meaning ".") would run whatever lies in the
                    // current directory: skip them, as Go's exec.LookPath does
                    if (!entry.isEmpty() && Path.of(entry).isAbsolute()) searchPath.add(Path.of(entry));
                } catch (InvalidPathException ignored) {
                    // not a usable directory
                }
            }
        }
        return new CredentialStore(dockerDir.resolve("config.json"), podman, searchPath, env,
                CredentialHelper.DEFAULT_TIMEOUT);
    }

    /** {@link #fromEnvironment(Map)} with this process's environment. */
    public static CredentialStore fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public Path dockerConfigFile() {
        return dockerConfigFile;
    }

    public List<Path> podmanAuthFiles() {
        return podmanAuthFiles;
    }

    /** The helper {@link #store} would use for a registry ({@code credHelpers} entry, else {@code credsStore}). */
    public Optional<String> helperFor(String registry) {
        String reg = registryKey(registry);
        DockerConfigFile config = DockerConfigFile.load(dockerConfigFile);
        String helper = config.credHelper(reg);
        return Optional.ofNullable(helper != null ? helper : config.credsStore());
    }

    /**
     * The registries credentials are kept for (config.json {@code auths} and {@code credHelpers}, then podman's
     * auth files), normalized, each once. No helper is run and no secret is read.
     */
    public List<String> registries() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(DockerConfigFile.load(dockerConfigFile).registries());
        for (Path file : podmanAuthFiles) out.addAll(DockerConfigFile.load(file).registries());
        return List.copyOf(out);
    }

    public Optional<Credential> get(String registry) {
        String reg = registryKey(registry);
        String serverUrl = RegistryKeys.serverUrl(reg);
        DockerConfigFile config = DockerConfigFile.load(dockerConfigFile);
        String credHelper = config.credHelper(reg);
        if (credHelper != null) {
            Optional<Credential> c = helper(credHelper, "credHelpers").get(serverUrl);
            if (c.isPresent()) return c;
        }
        String credsStore = config.credsStore();
        if (credsStore != null && !credsStore.equals(credHelper)) {
            Optional<Credential> c = helper(credsStore, "credsStore").get(serverUrl);
            if (c.isPresent()) return c;
        }
        Credential c = config.auth(reg);
        if (c != null) return Optional.of(c);
        for (Path file : podmanAuthFiles) {
            c = DockerConfigFile.load(file).auth(reg);
            if (c != null) return Optional.of(c);
        }
        return Optional.empty();
    }

    /**
     * Stores a credential with the registry's helper ({@code credHelpers} entry, else {@code credsStore})
     * when one is configured; otherwise in config.json {@code auths}, unencrypted, keeping every other
     * field of the file. Podman's auth files are never written.
     */
    public StoreResult store(String registry, Credential credential) {
        String reg = registryKey(registry);
        validate(credential);
        DockerConfigFile config = DockerConfigFile.load(dockerConfigFile);
        String credHelper = config.credHelper(reg);
        String helperName = credHelper != null ? credHelper : config.credsStore();
        if (helperName != null) {
            helper(helperName, credHelper != null ? "credHelpers" : "credsStore").store(RegistryKeys.serverUrl(reg), credential);
            return new StoreResult(helperName, null);
        }
        config.putAuth(reg, credential);
        config.save();
        return new StoreResult(null, dockerConfigFile);
    }

    /**
     * Forgets a registry's credential: every config.json {@code auths} key naming the registry, and the
     * configured helper's entry. True when anything was removed. Podman's auth files are left alone.
     */
    public boolean erase(String registry) {
        String reg = registryKey(registry);
        DockerConfigFile config = DockerConfigFile.load(dockerConfigFile);
        boolean removed = false;
        if (config.removeAuths(reg)) {
            config.save();
            removed = true;
        }
        String credHelper = config.credHelper(reg);
        String helperName = credHelper != null ? credHelper : config.credsStore();
        if (helperName != null) {
            removed |= helper(helperName, credHelper != null ? "credHelpers" : "credsStore").erase(RegistryKeys.serverUrl(reg));
        }
        return removed;
    }

    private CredentialHelper helper(String name, String configuredAs) {
        if (!CredentialHelper.isValidName(name)) {
            throw new CredentialException(dockerConfigFile + ": " + configuredAs + " names an invalid credential helper \""
                    + name + "\"");
        }
        Path exe = CredentialHelper.find(name, helperSearchPath).orElseThrow(() -> new CredentialException(
                "credential helper " + CredentialHelper.PREFIX + name + " (" + configuredAs + " in " + dockerConfigFile
                        + ") was not found on PATH"));
        return new CredentialHelper(name, exe, helperEnvironment, helperTimeout);
    }

    private static String registryKey(String registry) {
        String reg = RegistryKeys.normalize(registry);
        if (reg == null) throw new CredentialException("empty registry name");
        return reg;
    }

    private static void validate(Credential credential) {
        if (credential == null) throw new CredentialException("no credential given");
        if (credential.secret() == null || credential.secret().isEmpty()) {
            throw new CredentialException(credential.identityToken() ? "empty identity token" : "empty password");
        }
        if (!credential.identityToken() && credential.username() != null && credential.username().contains(":")) {
            throw new CredentialException("a user name must not contain ':'");
        }
    }

    /** An environment variable, blank meaning unset; case-insensitive on Windows ({@code Path}). */
    private static String var(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return v == null || v.isBlank() ? null : v;
    }

    @Override
    public String toString() {
        return "CredentialStore[config=" + dockerConfigFile + ", authFiles=" + podmanAuthFiles + "]";
    }
}
