package dev.stowage.registry.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CredentialStoreTest {
    private static final String SECRET = "s3cr3t-Pa55word-xyz";

    @TempDir
    Path dir;
    Path config;
    Path runtimeAuth;
    Path userAuth;
    Path bin;
    Path credsFile;
    Path helperLog;
    Map<String, String> helperEnv;

    @BeforeEach
    void setUp() throws IOException {
        config = dir.resolve("docker/config.json");
        runtimeAuth = dir.resolve("run/containers/auth.json");
        userAuth = dir.resolve("home/.config/containers/auth.json");
        bin = Files.createDirectories(dir.resolve("bin"));
        credsFile = dir.resolve("helper-creds.json");
        helperLog = dir.resolve("helper.log");
        helperEnv = new HashMap<>(Map.of("TEST_CREDS_FILE", credsFile.toString(), "TEST_CREDS_LOG", helperLog.toString()));
        installHelper("test");
    }

    private void installHelper(String name) throws IOException {
        Path target = bin.resolve("docker-credential-" + name);
        try (InputStream in = getClass().getResourceAsStream("/docker-credential-test")) {
            assertThat(in).as("test helper script on the test classpath").isNotNull();
            Files.copy(in, target);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CredentialStore store() {
        return new CredentialStore(config, List.of(runtimeAuth, userAuth), List.of(bin), helperEnv);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, String json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private void writeConfig(String json) throws IOException {
        write(config, json);
    }

    private void helperHas(String serverUrl, String username, String secret) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode creds = Files.exists(credsFile)
                ? (com.fasterxml.jackson.databind.node.ObjectNode) Json.readTree(Files.readAllBytes(credsFile)) : Json.object();
        creds.set(serverUrl, Json.object().put("Username", username).put("Secret", secret));
        Files.write(credsFile, Json.bytes(creds));
    }

    private JsonNode helperCreds() throws IOException {
        return Json.readTree(java.nio.file.Files.readAllBytes(credsFile));
    }

    private JsonNode configJson() throws IOException {
        return Json.readTree(java.nio.file.Files.readAllBytes(config));
    }

    // ---- auths in config.json ----

    @Test
    void registriesListsEveryRegistryWithCredentialsOrAHelperWithoutRunningHelpers() throws IOException {
        writeConfig("{\"auths\":{\"https://index.docker.io/v1/\":{},\"registry.example.com\":{\"auth\":\"" + b64("alice:" + SECRET)
                + "\"}},\"credHelpers\":{\"GHCR.io\":\"nonexistent\"},\"credsStore\":\"nonexistent\"}");
        write(userAuth, "{\"auths\":{\"quay.io/team/app\":{\"auth\":\"" + b64("bob:" + SECRET) + "\"}}}");
        assertThat(store().registries()).containsExactlyInAnyOrder("docker.io", "ghcr.io", "quay.io", "registry.example.com");
    }

    @Test
    void base64Auth() throws IOException {
        writeConfig("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("alice:" + SECRET) + "\"}}}");
        assertThat(store().get("registry.example.com")).contains(new Credential("alice", SECRET, false));
        assertThat(store().get("other.example.com")).isEmpty();
    }

    @Test
    void usernameAndPasswordFields() throws IOException {
        writeConfig("{\"auths\":{\"ghcr.io\":{\"username\":\"bob\",\"password\":\"" + SECRET + "\"}}}");
        assertThat(store().get("ghcr.io")).contains(new Credential("bob", SECRET, false));
    }

    @Test
    void identityToken() throws IOException {
        writeConfig("{\"auths\":{"
                + "\"myregistry.azurecr.io\":{\"auth\":\"" + b64("00000000-0000-0000-0000-000000000000:") + "\",\"identitytoken\":\"refresh-" + SECRET + "\"},"
                + "\"bare.example.com\":{\"identitytoken\":\"tok\"}}}");
        assertThat(store().get("myregistry.azurecr.io"))
                .contains(new Credential("00000000-0000-0000-0000-000000000000", "refresh-" + SECRET, true));
        assertThat(store().get("bare.example.com")).contains(new Credential("", "tok", true));
    }

    @Test
    void passwordContainingColons() throws IOException {
        writeConfig("{\"auths\":{\"r.example.com\":{\"auth\":\"" + b64("carol:pa:ss:word:") + "\"}}}");
        assertThat(store().get("r.example.com")).contains(new Credential("carol", "pa:ss:word:", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://index.docker.io/v1/", "index.docker.io", "registry-1.docker.io", "docker.io",
            "https://registry-1.docker.io/v2/", "Docker.IO"})
    void dockerHubKeyVariants(String key) throws IOException {
        writeConfig("{\"auths\":{\"" + key + "\":{\"auth\":\"" + b64("hubuser:" + SECRET) + "\"}}}");
        Credential expected = new Credential("hubuser", SECRET, false);
        for (String name : List.of("docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/")) {
            assertThat(store().get(name)).as(name).contains(expected);
        }
        assertThat(store().get("quay.io")).isEmpty();
    }

    @Test
    void urlStyleKeysCompareByHostAndPort() throws IOException {
        writeConfig("{\"auths\":{"
                + "\"https://localhost:5000\":{\"auth\":\"" + b64("a:one") + "\"},"
                + "\"http://Registry.Example.com:8443/v2/\":{\"auth\":\"" + b64("b:two") + "\"},"
                + "\"https://ghcr.io/v1/\":{\"auth\":\"" + b64("c:three") + "\"}}}");
        CredentialStore s = store();
        assertThat(s.get("localhost:5000")).contains(new Credential("a", "one", false));
        assertThat(s.get("registry.example.com:8443")).contains(new Credential("b", "two", false));
        assertThat(s.get("REGISTRY.example.com:8443")).contains(new Credential("b", "two", false));
        assertThat(s.get("ghcr.io")).contains(new Credential("c", "three", false));
        // a different port is a different registry
        assertThat(s.get("localhost")).isEmpty();
        assertThat(s.get("localhost:5001")).isEmpty();
        assertThat(s.get("registry.example.com")).isEmpty();
    }

    @Test
    void canonicalKeyWinsAndEmptyEntriesArePassedOver() throws IOException {
        writeConfig("{\"auths\":{"
                + "\"docker.io\":{\"auth\":\"" + b64("old:stale") + "\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("new:fresh") + "\"},"
                + "\"quay.io\":{},"
                + "\"https://quay.io\":{\"auth\":\"" + b64("q:pw") + "\"}}}");
        assertThat(store().get("docker.io")).contains(new Credential("new", "fresh", false));
        assertThat(store().get("quay.io")).contains(new Credential("q", "pw", false));
    }

    @Test
    void missingOrBlankConfigMeansNoCredentials() throws IOException {
        assertThat(store().get("docker.io")).isEmpty();
        writeConfig("  \n");
        assertThat(store().get("docker.io")).isEmpty();
        writeConfig("{\"auths\":{\"docker.io\":null},\"credsStore\":\"\"}");
        assertThat(store().get("docker.io")).isEmpty();
    }

    // ---- podman auth files ----

    @Test
    void podmanAuthFilesAreTheFallback() throws IOException {
        writeConfig("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("docker:first") + "\"}}}");
        write(runtimeAuth, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("podman:second") + "\"},"
                + "\"registry.example.com\":{\"auth\":\"" + b64("podman:runtime") + "\"}}}");
        write(userAuth, "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("podman:user") + "\"},"
                + "\"quay.io/myorg/myrepo\":{\"auth\":\"" + b64("robot:quaypw") + "\"}}}");
        CredentialStore s = store();
        assertThat(s.get("ghcr.io")).contains(new Credential("docker", "first", false));
        assertThat(s.get("registry.example.com")).contains(new Credential("podman", "runtime", false));
        // a repository-scoped key serves its registry
        assertThat(s.get("quay.io")).contains(new Credential("robot", "quaypw", false));
    }

    @Test
    void wholeRegistryKeyBeatsRepositoryKey() throws IOException {
        write(userAuth, "{\"auths\":{\"quay.io/ns/repo\":{\"auth\":\"" + b64("repo:scoped") + "\"},"
                + "\"quay.io\":{\"auth\":\"" + b64("whole:registry") + "\"}}}");
        assertThat(store().get("quay.io")).contains(new Credential("whole", "registry", false));
    }

    @Test
    void fromEnvironmentLocationsAndRegistryAuthFilePrecedence() throws IOException {
        Path home = dir.resolve("home");
        Path dockerConfigDir = dir.resolve("dockercfg");
        Path registryAuthFile = dir.resolve("explicit-auth.json");
        Path xdgRuntime = dir.resolve("run");
        write(registryAuthFile, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("explicit:wins") + "\"}}}");
        write(runtimeAuth, "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("runtime:loses") + "\"},"
                + "\"quay.io\":{\"auth\":\"" + b64("runtime:quay") + "\"}}}");
        write(userAuth, "{\"auths\":{\"r.example.com\":{\"auth\":\"" + b64("user:file") + "\"}}}");

        CredentialStore s = CredentialStore.fromEnvironment(Map.of(
                "HOME", home.toString(),
                "DOCKER_CONFIG", dockerConfigDir.toString(),
                "REGISTRY_AUTH_FILE", registryAuthFile.toString(),
                "XDG_RUNTIME_DIR", xdgRuntime.toString(),
                "PATH", bin + ":relative/dir::" + System.getenv("PATH")));
        assertThat(s.dockerConfigFile()).isEqualTo(dockerConfigDir.resolve("config.json"));
        assertThat(s.podmanAuthFiles()).containsExactly(registryAuthFile, runtimeAuth, userAuth);
        assertThat(s.get("ghcr.io")).contains(new Credential("explicit", "wins", false));
        assertThat(s.get("quay.io")).contains(new Credential("runtime", "quay", false));
        assertThat(s.get("r.example.com")).contains(new Credential("user", "file", false));

        CredentialStore defaults = CredentialStore.fromEnvironment(Map.of("HOME", home.toString()));
        assertThat(defaults.dockerConfigFile()).isEqualTo(home.resolve(".docker/config.json"));
        assertThat(defaults.podmanAuthFiles()).containsExactly(userAuth);

        CredentialStore noHome = CredentialStore.fromEnvironment(Map.of());
        assertThat(noHome.dockerConfigFile()).isEqualTo(Path.of(System.getProperty("user.home"), ".docker", "config.json"));
    }

    @Test
    void fromEnvironmentFindsHelpersOnPath() throws IOException {
        Path dockerConfigDir = dir.resolve("dockercfg");
        write(dockerConfigDir.resolve("config.json"), "{\"credsStore\":\"test\"}");
        helperHas("ghcr.io", "envuser", SECRET);
        CredentialStore s = CredentialStore.fromEnvironment(Map.of(
                "HOME", dir.resolve("home").toString(),
                "DOCKER_CONFIG", dockerConfigDir.toString(),
                "TEST_CREDS_FILE", credsFile.toString(),
                "PATH", bin + ":" + System.getenv("PATH")));
        assertThat(s.get("ghcr.io")).contains(new Credential("envuser", SECRET, false));
    }

    // ---- credential helpers ----

    @Test
    void credHelpersEndToEnd() throws IOException {
        writeConfig("{\"credHelpers\":{\"ghcr.io\":\"test\",\"https://quay.io\":\"test\"},"
                + "\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("file:ignored") + "\"},"
                + "\"registry.example.com\":{\"auth\":\"" + b64("file:used") + "\"}}}");
        helperHas("ghcr.io", "helperuser", SECRET);
        helperHas("quay.io", "<token>", "identity-" + SECRET);
        CredentialStore s = store();
        assertThat(s.get("ghcr.io")).contains(new Credential("helperuser", SECRET, false));
        assertThat(s.get("quay.io")).contains(new Credential("<token>", "identity-" + SECRET, true));
        // no helper configured for this registry: auths
        assertThat(s.get("registry.example.com")).contains(new Credential("file", "used", false));
        assertThat(s.helperFor("ghcr.io")).contains("test");
        assertThat(s.helperFor("registry.example.com")).isEmpty();
    }

    @Test
    void helperWithoutTheCredentialPassesOnToAuths() throws IOException {
        writeConfig("{\"credHelpers\":{\"ghcr.io\":\"test\"},"
                + "\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("file:fallback") + "\"}}}");
        assertThat(store().get("ghcr.io")).contains(new Credential("file", "fallback", false));
    }

    @Test
    void credsStoreEndToEndUsesDockerHubServerUrl() throws IOException {
        writeConfig("{\"credsStore\":\"test\",\"auths\":{\"https://index.docker.io/v1/\":{}}}");
        helperHas("https://index.docker.io/v1/", "hubuser", SECRET);
        helperHas("localhost:5000", "local", "pw");
        CredentialStore s = store();
        assertThat(s.get("docker.io")).contains(new Credential("hubuser", SECRET, false));
        assertThat(s.get("https://localhost:5000/v2/")).contains(new Credential("local", "pw", false));
        assertThat(s.get("quay.io")).isEmpty();
        assertThat(Files.readAllLines(helperLog)).containsExactly(
                "get https://index.docker.io/v1/", "get localhost:5000", "get quay.io");
    }

    @Test
    void credHelpersBeatCredsStore() throws IOException {
        writeConfig("{\"credsStore\":\"absent\",\"credHelpers\":{\"ghcr.io\":\"test\"}}");
        helperHas("ghcr.io", "u", SECRET);
        assertThat(store().get("ghcr.io")).contains(new Credential("u", SECRET, false));
        assertThat(store().helperFor("ghcr.io")).contains("test");
        assertThat(store().helperFor("quay.io")).contains("absent");
    }

    @Test
    void storeAndEraseThroughCredsStore() throws IOException {
        String original = "{\"credsStore\":\"test\",\"currentContext\":\"desktop\"}";
        writeConfig(original);
        CredentialStore s = store();
        StoreResult result = s.store("docker.io", new Credential("hubuser", SECRET, false));
        assertThat(result).isEqualTo(new StoreResult("test", null));
        assertThat(result.unencrypted()).isFalse();
        assertThat(helperCreds().get("https://index.docker.io/v1/").get("Username").asText()).isEqualTo("hubuser");
        assertThat(helperCreds().get("https://index.docker.io/v1/").get("Secret").asText()).isEqualTo(SECRET);
        assertThat(Files.readString(config)).isEqualTo(original);
        assertThat(s.get("index.docker.io")).contains(new Credential("hubuser", SECRET, false));

        assertThat(s.erase("docker.io")).isTrue();
        assertThat(helperCreds().has("https://index.docker.io/v1/")).isFalse();
        assertThat(s.get("docker.io")).isEmpty();
        assertThat(s.erase("docker.io")).isFalse();
    }

    @Test
    void storeIdentityTokenThroughCredHelper() throws IOException {
        writeConfig("{\"credHelpers\":{\"myregistry.azurecr.io\":\"test\"}}");
        CredentialStore s = store();
        StoreResult result = s.store("myregistry.azurecr.io", new Credential("someone", "refresh-" + SECRET, true));
        assertThat(result.helper()).isEqualTo("test");
        assertThat(helperCreds().get("myregistry.azurecr.io").get("Username").asText()).isEqualTo("<token>");
        assertThat(s.get("myregistry.azurecr.io")).contains(new Credential("<token>", "refresh-" + SECRET, true));
        assertThat(Files.readAllLines(helperLog)).first().asString()
                .startsWith("store ").contains("myregistry.azurecr.io").doesNotContain(SECRET);
    }

    @Test
    void helperListsItsCredentials() throws IOException {
        helperHas("ghcr.io", "a", SECRET);
        helperHas("https://index.docker.io/v1/", "b", SECRET);
        CredentialHelper helper = new CredentialHelper("test", bin.resolve("docker-credential-test"), helperEnv, null);
        assertThat(helper.list()).containsOnly(Map.entry("ghcr.io", "a"), Map.entry("https://index.docker.io/v1/", "b"));
        assertThat(helper.toString()).doesNotContain(SECRET);
    }

    @Test
    void missingHelperIsAClearError() throws IOException {
        writeConfig("{\"credsStore\":\"nothere\"}");
        CredentialException e = catchThrowableOfType(CredentialException.class, () -> store().get("docker.io"));
        assertThat(e).hasMessageContaining("docker-credential-nothere").hasMessageContaining("not found on PATH")
                .hasMessageContaining("credsStore");
        assertThat(e.getMessage()).doesNotContain("\n");
        assertThatThrownBy(() -> store().store("docker.io", new Credential("u", SECRET, false)))
                .isInstanceOf(CredentialException.class).hasMessageContaining("docker-credential-nothere")
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void helperNameMustNotBeAPath() throws IOException {
        writeConfig("{\"credHelpers\":{\"ghcr.io\":\"../bin/test\"}}");
        assertThatThrownBy(() -> store().get("ghcr.io")).isInstanceOf(CredentialException.class)
                .hasMessageContaining("invalid credential helper");
    }

    @Test
    void failingHelperIsAOneLineErrorWithoutTheSecret() throws IOException {
        writeConfig("{\"credsStore\":\"test\"}");
        helperEnv.put("TEST_CREDS_FAIL", "keychain locked while storing " + SECRET);
        CredentialException e = catchThrowableOfType(CredentialException.class,
                () -> store().store("ghcr.io", new Credential("u", SECRET, false)));
        assertThat(e.getMessage()).contains("docker-credential-test store for ghcr.io failed (exit 2)")
                .contains("keychain locked").doesNotContain(SECRET).doesNotContain("\n");

        helperEnv.put("TEST_CREDS_FAIL", "keychain locked");
        assertThatThrownBy(() -> store().get("ghcr.io")).isInstanceOf(CredentialException.class)
                .hasMessage("credential helper docker-credential-test get for ghcr.io failed (exit 2): keychain locked");
    }

    @Test
    void hangingHelperTimesOut() throws IOException {
        writeConfig("{\"credsStore\":\"test\"}");
        helperEnv.put("TEST_CREDS_SLEEP", "30");
        CredentialStore s = new CredentialStore(config, List.of(), List.of(bin), helperEnv, Duration.ofMillis(1500));
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.get("ghcr.io")).isInstanceOf(CredentialException.class)
                .hasMessageContaining("timed out after 1500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    // ---- writing config.json ----

    @Test
    void storeToFileKeepsOtherFieldsAndIsPrivate() throws IOException {
        writeConfig("{\n\t\"auths\": {\n\t\t\"ghcr.io\": {\"auth\": \"" + b64("g:keep") + "\"},\n"
                + "\t\t\"https://localhost:5000\": {\"auth\": \"" + b64("stale:old") + "\"}\n\t},\n"
                + "\t\"proxies\": {\"default\": {\"httpProxy\": \"http://proxy:3128\", \"noProxy\": \"localhost\"}},\n"
                + "\t\"currentContext\": \"rootless\",\n\t\"psFormat\": \"table {{.ID}}\",\n"
                + "\t\"plugins\": {\"x\": {\"a\": [1, 2, 3]}}\n}");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        CredentialStore s = store();
        StoreResult result = s.store("localhost:5000", new Credential("alice", "p:" + SECRET, false));
        assertThat(result).isEqualTo(new StoreResult(null, config));
        assertThat(result.unencrypted()).isTrue();

        JsonNode root = configJson();
        assertThat(root.has("credsStore")).isFalse();
        assertThat(root.get("currentContext").asText()).isEqualTo("rootless");
        assertThat(root.get("psFormat").asText()).isEqualTo("table {{.ID}}");
        assertThat(root.get("proxies").get("default").get("httpProxy").asText()).isEqualTo("http://proxy:3128");
        assertThat(root.get("plugins").get("x").get("a")).hasSize(3);
        assertThat(root.get("auths").get("ghcr.io").get("auth").asText()).isEqualTo(b64("g:keep"));
        assertThat(root.get("auths").has("https://localhost:5000")).isFalse();
        assertThat(root.get("auths").get("localhost:5000").get("auth").asText()).isEqualTo(b64("alice:p:" + SECRET));
        assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(config.getParent())) {
            assertThat(files).containsExactly(config); // no temp file left behind
        }
        assertThat(s.get("localhost:5000")).contains(new Credential("alice", "p:" + SECRET, false));
    }

    @Test
    void storeToFileCreatesTheDirectoryAndUsesDockerHubKey() throws IOException {
        CredentialStore s = store();
        s.store("index.docker.io", new Credential("hubuser", SECRET, false));
        assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(config.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        JsonNode auths = configJson().get("auths");
        assertThat(auths.size()).isEqualTo(1);
        assertThat(auths.get("https://index.docker.io/v1/").get("auth").asText()).isEqualTo(b64("hubuser:" + SECRET));
        assertThat(s.get("docker.io")).contains(new Credential("hubuser", SECRET, false));
    }

    @Test
    void storeIdentityTokenToFile() throws IOException {
        CredentialStore s = store();
        s.store("myregistry.azurecr.io", new Credential("00000000-0000-0000-0000-000000000000", "refresh-" + SECRET, true));
        JsonNode entry = configJson().get("auths").get("myregistry.azurecr.io");
        assertThat(entry.get("identitytoken").asText()).isEqualTo("refresh-" + SECRET);
        assertThat(entry.get("auth").asText()).isEqualTo(b64("00000000-0000-0000-0000-000000000000:"));
        assertThat(s.get("myregistry.azurecr.io"))
                .contains(new Credential("00000000-0000-0000-0000-000000000000", "refresh-" + SECRET, true));
    }

    @Test
    void storeWritesThroughASymlinkedConfig() throws IOException {
        Path real = dir.resolve("dotfiles/docker-config.json");
        write(real, "{\"currentContext\":\"x\"}");
        Files.createDirectories(config.getParent());
        Files.createSymbolicLink(config, real);
        store().store("ghcr.io", new Credential("u", SECRET, false));
        assertThat(Files.isSymbolicLink(config)).isTrue();
        assertThat(Json.readTree(java.nio.file.Files.readAllBytes(real)).get("auths").has("ghcr.io")).isTrue();
        assertThat(Json.readTree(java.nio.file.Files.readAllBytes(real)).get("currentContext").asText()).isEqualTo("x");
    }

    @Test
    void invalidCredentialsAreRefused() {
        CredentialStore s = store();
        assertThatThrownBy(() -> s.store("ghcr.io", new Credential("a:b", SECRET, false)))
                .isInstanceOf(CredentialException.class).hasMessageContaining("':'")
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain(SECRET));
        assertThatThrownBy(() -> s.store("ghcr.io", new Credential("a", "", false))).isInstanceOf(CredentialException.class);
        assertThatThrownBy(() -> s.store(" ", new Credential("a", SECRET, false))).isInstanceOf(CredentialException.class);
        assertThat(config).doesNotExist();
    }

    // ---- erasing from config.json ----

    @Test
    void eraseFromFileRemovesEveryKeyOfTheRegistry() throws IOException {
        writeConfig("{\"auths\":{"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("a:1") + "\"},"
                + "\"docker.io\":{\"auth\":\"" + b64("b:2") + "\"},"
                + "\"ghcr.io\":{\"auth\":\"" + b64("c:3") + "\"}},"
                + "\"currentContext\":\"default\"}");
        CredentialStore s = store();
        assertThat(s.erase("registry-1.docker.io")).isTrue();
        JsonNode root = configJson();
        assertThat(root.get("auths").fieldNames()).toIterable().containsExactly("ghcr.io");
        assertThat(root.get("currentContext").asText()).isEqualTo("default");
        assertThat(s.get("docker.io")).isEmpty();
        assertThat(s.erase("docker.io")).isFalse();
        assertThat(s.erase("quay.io")).isFalse();
    }

    @Test
    void eraseWithNoConfigFileIsFalseAndCreatesNothing() {
        assertThat(store().erase("ghcr.io")).isFalse();
        assertThat(config).doesNotExist();
    }

    // ---- malformed files ----

    @Test
    void malformedConfigIsAClearErrorWithoutSecrets() throws IOException {
        writeConfig("{\"auths\": {\"r.io\": {\"password\": " + SECRET + "}}}");
        CredentialException e = catchThrowableOfType(CredentialException.class, () -> store().get("r.io"));
        assertThat(e.getMessage()).startsWith(config + " is not valid JSON (line 1")
                .doesNotContain(SECRET).doesNotContain("\n");
        assertThatThrownBy(() -> store().store("r.io", new Credential("u", "p", false)))
                .isInstanceOf(CredentialException.class).hasMessageContaining("not valid JSON");
        assertThat(Files.readString(config)).contains(SECRET); // untouched
    }

    @Test
    void wrongShapesAreClearErrors() throws IOException {
        writeConfig("[1, 2]");
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessage(config + " must hold a JSON object");
        writeConfig("{\"auths\": [\"" + SECRET + "\"]}");
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessage(config + ": \"auths\" must be a JSON object");
        writeConfig("{\"auths\": {\"r.io\": \"" + SECRET + "\"}}");
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessage(config + ": auths entry \"r.io\" must be a JSON object");
        writeConfig("{\"auths\": {\"r.io\": {\"auth\": \"" + SECRET + "!!\"}}}");
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessage(config + ": auths entry \"r.io\" has an \"auth\" that is not valid base64");
        writeConfig("{\"auths\": {\"r.io\": {\"auth\": \"" + b64(SECRET) + "\"}}}");
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessage(config + ": auths entry \"r.io\" has an \"auth\" that is not base64 of user:password");
        writeConfig("{\"credsStore\": 3}");
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessage(config + ": \"credsStore\" must be a string");
        Files.delete(config);
        Files.createDirectories(config);
        assertThatThrownBy(() -> store().get("r.io")).isInstanceOf(CredentialException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void malformedPodmanFileIsAClearError() throws IOException {
        write(userAuth, "{\"auths\":");
        assertThatThrownBy(() -> store().get("quay.io")).isInstanceOf(CredentialException.class)
                .hasMessageStartingWith(userAuth + " is not valid JSON");
    }

    @Test
    void secretsNeverShowInToString() throws IOException {
        writeConfig("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("u:" + SECRET) + "\"}}}");
        CredentialStore s = store();
        Optional<Credential> c = s.get("ghcr.io");
        assertThat(c).isPresent();
        assertThat(c.get().toString()).doesNotContain(SECRET).contains("u");
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(new Credential("<token>", SECRET, true).toString()).doesNotContain(SECRET);
        assertThat(s.toString()).doesNotContain(SECRET);
        assertThat(s.store("quay.io", new Credential("u", SECRET, false)).toString()).doesNotContain(SECRET);
    }

    @Test
    void registryKeys() {
        assertThat(RegistryKeys.normalize("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryKeys.normalize("HTTP://Host:5000/v2/")).isEqualTo("host:5000");
        assertThat(RegistryKeys.normalize("quay.io/ns/repo")).isEqualTo("quay.io");
        assertThat(RegistryKeys.normalize("[::1]:5000")).isEqualTo("[::1]:5000");
        assertThat(RegistryKeys.normalize("  ")).isNull();
        assertThat(RegistryKeys.normalize("https://")).isNull();
        assertThat(RegistryKeys.serverUrl("registry-1.docker.io")).isEqualTo("https://index.docker.io/v1/");
        assertThat(RegistryKeys.serverUrl("https://Ghcr.io")).isEqualTo("ghcr.io");
    }
}
