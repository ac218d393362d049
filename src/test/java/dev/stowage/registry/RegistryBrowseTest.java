package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.credentials.Credential;
import dev.stowage.testing.Cli;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.TarBuilder;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code catalog}, {@code ls docker://}, {@code inspect docker://} and {@code rm docker://} against the real
 * docker-registry with TLS and token auth: 300 repositories, one with 1,200 tags, a multi-platform index, a
 * repository the token does not grant; {@code inspect} compared with skopeo's.
 */
class RegistryBrowseTest {
    private static final Map<String, String> PASSWORDS = Map.of("alice", "alice-pw", "bob", "bob-pw");
    private static final Map<String, Set<String>> GRANTS = Map.of(
            "alice", Set.of("*:pull,push,delete", "registry:catalog:*"),
            "bob", Set.of("many/*:pull", "registry:catalog:*"));
    private static final int MANY = 297;
    private static final int TAGS = 1200;

    @TempDir
    static Path dir;
    static RegistryServer registry;
    static String host;
    static Map<String, String> env;
    static TinyImage plain;
    static TinyImage amd64;
    static TinyImage arm64;
    static byte[] index;

    @BeforeAll
    static void populate() throws Exception {
        registry = RegistryServer.tokenTls(dir.resolve("reg"), PASSWORDS, GRANTS);
        host = registry.host();
        env = trusting(registry, dir);
        login(alice(), "alice", host);
        login(bob(), "bob", host);

        RegistryApi api = api(registry, dir);
        plain = TinyImage.docker("amd64", null, "plain");
        amd64 = TinyImage.oci("amd64", null, "amd64");
        arm64 = TinyImage.oci("arm64", "v8", "arm64");
        plain.push(api, "many/r000", "1", dir);
        // the other repositories and tags by plain requests (mount, manifest PUT) with tokens minted here: asking
        // the token server for each repository would double the time
        java.util.function.Function<String, String> token = repo -> registry.tokenServer().mint("alice",
                List.of("repository:" + repo + ":push,pull", "repository:many/r000:pull"), java.time.Duration.ofMinutes(10));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            List<String> repos = new ArrayList<>(List.of("big/tags", "secret/app"));
            for (int i = 1; i < MANY; i++) repos.add("many/r%03d".formatted(i));
            for (String repo : repos) {
                work.add(pool.submit(() -> plain.mountAndTag(token.apply(repo), "many/r000", repo, repo.equals("big/tags") ? "t0000" : "1")));
            }
            for (Future<?> f : work) f.get();
            work.clear();
            String tagsToken = token.apply("big/tags");
            for (int i = 1; i < TAGS; i++) {
                String tag = "t%04d".formatted(i);
                work.add(pool.submit(() -> plain.tag(tagsToken, "big/tags", tag)));
            }
            for (Future<?> f : work) f.get();
        } finally {
            pool.shutdownNow();
        }
        amd64.push(api, "multi/app", amd64.digest().toString(), dir);
        arm64.push(api, "multi/app", arm64.digest().toString(), dir);
        index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":["
                + amd64.entry("\"os\":\"linux\",\"architecture\":\"amd64\"") + ","
                + arm64.entry("\"os\":\"linux\",\"architecture\":\"arm64\",\"variant\":\"v8\"") + "]}").getBytes(StandardCharsets.UTF_8);
        api.putManifest("multi/app", "1", MediaTypes.OCI_INDEX, index);
    }

    @AfterAll
    static void stop() {
        if (registry != null) registry.close();
    }

    // ---- catalog and ls ------------------------------------------------------------------------------------

    @Test
    void catalogListsEveryRepositoryOverSeveralPages() throws Exception {
        long before = catalogPagesServed(registry);
        List<String> repositories = alice().ok("catalog", host).out().lines().toList();

        assertThat(repositories).hasSize(300).doesNotHaveDuplicates()
                .contains("many/r000", "many/r296", "big/tags", "multi/app", "secret/app");
        assertThat(catalogPagesServed(registry) - before).as("pages of the registry's default size (100): %s",
                Files.readAllLines(registry.logFile()).stream().filter(l -> l.contains("_catalog")).toList()).isEqualTo(3);

        JsonNode json = Json.parseAny(alice().ok("catalog", "docker://" + host, "--format", "json").out().getBytes(), "catalog");
        assertThat(json.path("Registry").asText()).isEqualTo(host);
        assertThat(json.path("Repositories")).hasSize(300);
    }

    @Test
    void lsListsAllTagsLikeSkopeoListTags() throws Exception {
        List<String> tags = alice().ok("ls", "docker://" + host + "/big/tags").out().lines().toList();
        assertThat(tags).hasSize(TAGS).doesNotHaveDuplicates().contains("t0000", "t0599", "t1199");

        String json = alice().ok("ls", "docker://" + host + "/big/tags", "--format", "json").out();
        Tools.Result skopeo = Tools.run(dir, "skopeo", "list-tags", "--creds", "alice:alice-pw",
                "--cert-dir", registry.certDir().toString(), "docker://" + host + "/big/tags").assertOk();
        assertThat(Json.parseAny(json.getBytes(), "ls")).isEqualTo(Json.parseAny(skopeo.stdout().getBytes(), "skopeo"));
    }

    // ---- inspect -------------------------------------------------------------------------------------------

    @Test
    void inspectShowsWhatSkopeoShowsWithoutPulling() throws Exception {
        String ref = "docker://" + host + "/many/r000:1";
        JsonNode ours = Json.parseAny(alice().ok("inspect", ref).out().getBytes(), "inspect");
        assertThat(withoutOwnFields(ours)).isEqualTo(skopeoInspect(ref));
        assertThat(ours.path("Digest").asText()).isEqualTo(plain.digest().toString());
        assertThat(ours.path("Labels").path("org.example.name").asText()).isEqualTo("plain");
        JsonNode layer = ours.path("LayersData").get(0);
        assertThat(layer.path("Size").asLong()).isEqualTo(plain.layer.length);
        assertThat(layer.path("MIMEType").asText()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(layer.path("Digest").asText()).isEqualTo(Digest.sha256(plain.layer).toString());
        assertThat(alice().store()).as("nothing pulled").doesNotExist();

        assertThat(alice().ok("inspect", "--raw", ref).binary()).isEqualTo(plain.manifest);
        assertThat(alice().ok("inspect", "--config", ref).binary()).isEqualTo(plain.config);
    }

    @Test
    void inspectOfAnIndexResolvesThisPlatformAndListsThePlatforms() throws Exception {
        String ref = "docker://" + host + "/multi/app:1";
        JsonNode ours = Json.parseAny(alice().ok("inspect", ref).out().getBytes(), "inspect");
        assertThat(Platform.current().architecture()).as("the test machine").isEqualTo("amd64");
        assertThat(ours.path("Digest").asText()).as("the index's digest, as skopeo").isEqualTo(Digest.sha256(index).toString());
        assertThat(ours.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(ours.path("Platforms")).extracting(p -> p.path("Platform").asText()).containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(ours.path("Platforms").get(1).path("Digest").asText()).isEqualTo(arm64.digest().toString());
        assertThat(withoutOwnFields(ours)).isEqualTo(skopeoInspect(ref));
        assertThat(alice().ok("inspect", "--raw", ref).binary()).isEqualTo(index);
        assertThat(alice().ok("inspect", "--config", ref).binary()).isEqualTo(amd64.config);

        for (TinyImage each : List.of(amd64, arm64)) {
            String byDigest = "docker://" + host + "/multi/app@" + each.digest();
            JsonNode one = Json.parseAny(alice().ok("inspect", byDigest).out().getBytes(), "inspect");
            assertThat(one.path("Architecture").asText()).isEqualTo(each.architecture);
            assertThat(one.has("Platforms")).isFalse();
            assertThat(withoutOwnFields(one)).isEqualTo(skopeoInspect(byDigest));
            assertThat(alice().ok("inspect", "--raw", byDigest).binary()).isEqualTo(each.manifest);
        }
        JsonNode arm = Json.parseAny(alice().ok("inspect", "--platform", "linux/arm64", ref).out().getBytes(), "inspect");
        assertThat(arm.path("Architecture").asText()).isEqualTo("arm64");
        assertThat(arm.path("Variant").asText()).isEqualTo("v8");
        assertThat(alice().ok("inspect", "--platform", "linux/arm64", "--config", ref).binary()).isEqualTo(arm64.config);

        Cli.Run none = alice().run("inspect", "--platform", "linux/s390x", ref);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).isEqualTo("Error: no image for platform linux/s390x in " + host
                + "/multi/app:1 (it has: linux/amd64, linux/arm64/v8)\n");
    }

    // ---- errors --------------------------------------------------------------------------------------------

    @Test
    void aRepositoryTheTokenDoesNotGrantIsOneClearLine() {
        String denied = ": denied: requested access to the resource is denied (unauthorized: insufficient scope)\n";
        Cli.Run tags = bob().run("ls", "docker://" + host + "/secret/app");
        assertThat(tags.exitCode()).isEqualTo(1);
        assertThat(tags.err()).isEqualTo("Error: listing the tags of " + host + "/secret/app" + denied);
        Cli.Run image = bob().run("inspect", "docker://" + host + "/secret/app:1");
        assertThat(image.exitCode()).isEqualTo(1);
        assertThat(image.err()).isEqualTo("Error: reading " + host + "/secret/app" + denied);
        Cli.Run delete = bob().run("rm", "docker://" + host + "/many/r001@" + plain.digest());
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.err()).isEqualTo("Error: deleting from " + host + "/many/r001" + denied);
        assertThat(bob().ok("ls", "docker://" + host + "/many/r001").out()).isEqualTo("1\n");
        assertThat(alice().ok("inspect", "--raw", "docker://" + host + "/many/r001:1").binary()).isEqualTo(plain.manifest);
    }

    @Test
    void unknownRepositoriesAndTagsAreOneLine() {
        Cli.Run repo = alice().run("ls", "docker://" + host + "/no/such");
        assertThat(repo.exitCode()).isEqualTo(1);
        assertThat(repo.err()).isEqualTo("Error: listing the tags of " + host
                + "/no/such: not found (name_unknown: repository name not known to registry)\n");
        Cli.Run tag = alice().run("inspect", "docker://" + host + "/many/r000:nope");
        assertThat(tag.exitCode()).isEqualTo(1);
        assertThat(tag.err()).isEqualTo("Error: manifest for " + host + "/many/r000:nope not found\n");
        Cli.Run image = alice().run("ls", "docker://" + host + "/many/r000:1");
        assertThat(image.err()).isEqualTo("Error: 'docker://" + host + "/many/r000:1' names an image; give the repository alone (docker://"
                + host + "/many/r000)\n");
        assertThat(alice().run("ls", "docker://" + host).err()).isEqualTo("Error: 'docker://" + host
                + "' names a registry, not a repository ('stowage catalog " + host + "' lists its repositories)\n");
    }

    // ---- rm ------------------------------------------------------------------------------------------------

    @Test
    void theBrowserReadsEachManifestAndConfigOncePerDigest() throws Exception {
        RegistryBrowser browser = new RegistryBrowser(api(registry, dir));
        long before = served(registry, "GET /v2/big/tags/(manifests/sha256|blobs/)");
        List<TagDetails> read = new ArrayList<>();
        for (String tag : List.of("t0001", "t0002", "t0003", "t0004", "t0005")) read.add(browser.details("big/tags", tag));

        assertThat(read).extracting(TagDetails::digest).containsOnly(plain.digest());
        assertThat(read.get(0).platforms()).containsExactly("linux/amd64");
        assertThat(read.get(0).compressedSize()).isEqualTo(plain.config.length + plain.layer.length);
        assertThat(read.get(0).created()).isEqualTo(java.time.Instant.parse("2024-05-06T07:08:09.123456789Z"));
        // five tags of one digest: its manifest and its config read once, each tag asked for its digest (HEAD)
        assertThat(served(registry, "GET /v2/big/tags/(manifests/sha256|blobs/)") - before).isEqualTo(2);

        TagDetails multi = browser.details("multi/app", "1");
        assertThat(multi.platforms()).containsExactly("linux/amd64", "linux/arm64/v8");
        assertThat(multi.digest()).isEqualTo(Digest.sha256(index));
        assertThat(multi.image().isIndex()).isTrue();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            assertThat(browser.tagsSharing("big/tags", plain.digest(), java.util.Map.of(), pool)).hasSize(TAGS).startsWith("t0000", "t0001");
        } finally {
            pool.shutdownNow();
        }
    }

    private static long served(RegistryServer server, String request) throws IOException {
        return Files.readAllLines(server.logFile()).stream().filter(l -> l.matches(".*\"" + request + "\\S* HTTP/[0-9.]+\" 200 .*")).count();
    }

    @Test
    void rmDeletesByDigestAndReportsARegistryThatRefuses() throws Exception {
        Path own = dir.resolve("del");
        try (RegistryServer deleting = RegistryServer.tokenTls(own.resolve("reg"), PASSWORDS, GRANTS)) {
            Map<String, String> ownEnv = trusting(deleting, own);
            Cli cli = new Cli(own.resolve("store"), ownEnv);
            login(cli, "alice", deleting.host());
            RegistryApi api = api(deleting, own);
            plain.push(api, "del/app", "1", own);
            api.putManifest("del/app", "2", plain.manifestType, plain.manifest);
            amd64.push(api, "del/app", "3", own);
            String repo = deleting.host() + "/del/app";

            assertThat(cli.ok("rm", "docker://" + repo + ":1").out()).isEqualTo("Deleted: " + repo + "@" + plain.digest() + "\n");
            assertThat(cli.ok("ls", "docker://" + repo).out().lines()).as("every tag of the digest goes").containsExactly("3");
            Cli.Run gone = cli.run("rm", "docker://" + repo + "@" + plain.digest());
            assertThat(gone.err()).isEqualTo("Error: manifest for " + repo + "@" + plain.digest() + " not found\n");

            deleting.restart(false);
            Map<String, String> restartedEnv = trusting(deleting, own);
            Cli restarted = new Cli(own.resolve("store"), restartedEnv);
            login(restarted, "alice", deleting.host());
            String moved = deleting.host() + "/del/app";
            Cli.Run refused = restarted.run("rm", "docker://" + moved + ":3");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).isEqualTo("Error: " + deleting.host() + " does not allow deletion (the registry's"
                    + " storage.delete.enabled / REGISTRY_STORAGE_DELETE_ENABLED is off)\n");
            assertThat(restarted.ok("ls", "docker://" + moved).out().lines()).containsExactly("3");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Cli alice() {
        return new Cli(dir.resolve("store-alice"), env);
    }

    private static Cli bob() {
        return new Cli(dir.resolve("store-bob"), env).withEnv(Map.of("DOCKER_CONFIG", dir.resolve("bob-docker").toString()));
    }

    private static void login(Cli cli, String user, String registryHost) {
        Cli.Run login = cli.runWithInput(new ByteArrayInputStream(PASSWORDS.get(user).getBytes()),
                "login", "-u", user, "--password-stdin", registryHost);
        assertThat(login.exitCode()).as(login.err()).isZero();
    }

    /** The CLI's environment: its own home, the registry's CA under certs.d, loopback not treated as insecure. */
    private static Map<String, String> trusting(RegistryServer server, Path base) throws IOException {
        Map<String, String> e = Cli.isolatedEnv(base);
        e.remove("REGISTRY_AUTH_FILE");
        Path certs = base.resolve("certs.d");
        Files.createDirectories(certs.resolve(server.host()));
        Files.copy(server.caCert(), certs.resolve(server.host()).resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e.put("STOWAGE_CERTS_D", certs.toString());
        Path settings = base.resolve("home/.config/stowage/settings.json");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "{\"loopbackInsecure\": false}");
        return e;
    }

    private static RegistryApi api(RegistryServer server, Path base) {
        return new RegistryApi(new RegistryClient(server.host(), Optional.of(new Credential("alice", "alice-pw", false)),
                new RegistrySettings(Set.of(), false, List.of(base.resolve("certs.d")))));
    }

    private static long catalogPagesServed(RegistryServer server) throws IOException {
        return Files.readAllLines(server.logFile()).stream().filter(l -> l.matches(".*\"GET /v2/_catalog(\\?\\S*)? HTTP/[0-9.]+\" 200 .*")).count();
    }

    /** Our inspect without what skopeo 1.9 does not print: Variant and LayersData (later skopeo prints both, same shape), Platforms. */
    private static JsonNode withoutOwnFields(JsonNode ours) {
        ObjectNode shared = ours.deepCopy();
        shared.remove(List.of("Variant", "LayersData", "Platforms"));
        return shared;
    }

    private static JsonNode skopeoInspect(String ref) throws Exception {
        Tools.Result result = Tools.run(dir, "skopeo", "inspect", "--creds", "alice:alice-pw",
                "--cert-dir", registry.certDir().toString(), ref).assertOk();
        return Json.parseAny(result.stdout().getBytes(), "skopeo inspect");
    }

    /** A one-layer image built here: its layer, config and manifest bytes. */
    static final class TinyImage {
        final String architecture;
        final byte[] layer;
        final byte[] config;
        final byte[] manifest;
        final String manifestType;

        private TinyImage(String architecture, byte[] layer, byte[] config, byte[] manifest, String manifestType) {
            this.architecture = architecture;
            this.layer = layer;
            this.config = config;
            this.manifest = manifest;
            this.manifestType = manifestType;
        }

        static TinyImage docker(String arch, String variant, String name) throws IOException {
            return build(arch, variant, name, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER_GZIP);
        }

        static TinyImage oci(String arch, String variant, String name) throws IOException {
            return build(arch, variant, name, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER_GZIP);
        }

        private static TinyImage build(String arch, String variant, String name, String manifestType, String configType,
                                       String layerType) throws IOException {
            byte[] tar = new TarBuilder().file("etc/" + name, ("I am " + name + "\n").getBytes(StandardCharsets.UTF_8), 0644).bytes();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar);
            }
            byte[] layer = gz.toByteArray();
            String config = "{\"architecture\":\"" + arch + "\"," + (variant == null ? "" : "\"variant\":\"" + variant + "\",")
                    + "\"os\":\"linux\",\"created\":\"2024-05-06T07:08:09.123456789Z\",\"docker_version\":\"24.0.7\","
                    + "\"config\":{\"Env\":[\"PATH=/usr/bin:/bin\",\"NAME=" + name + "\"],\"Labels\":{\"org.example.name\":\"" + name + "\"}},"
                    + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(tar) + "\"]},"
                    + "\"history\":[{\"created\":\"2024-05-06T07:08:09.123456789Z\",\"created_by\":\"test\"}]}";
            byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + manifestType + "\",\"config\":{\"mediaType\":\"" + configType
                    + "\",\"size\":" + configBytes.length + ",\"digest\":\"" + Digest.sha256(configBytes) + "\"},\"layers\":[{\"mediaType\":\""
                    + layerType + "\",\"size\":" + layer.length + ",\"digest\":\"" + Digest.sha256(layer) + "\"}]}";
            return new TinyImage(arch, layer, configBytes, manifest.getBytes(StandardCharsets.UTF_8), manifestType);
        }

        Digest digest() {
            return Digest.sha256(manifest);
        }

        String entry(String platform) {
            return "{\"mediaType\":\"" + manifestType + "\",\"size\":" + manifest.length + ",\"digest\":\"" + digest()
                    + "\",\"platform\":{" + platform + "}}";
        }

        void push(RegistryApi api, String repo, String reference, Path work) throws IOException {
            for (byte[] blob : List.of(layer, config)) {
                Digest d = Digest.sha256(blob);
                Path file = Files.write(Files.createTempFile(work, "blob", ""), blob);
                api.upload(repo, null, d, file, d.shortHex(), ProgressListener.NONE);
            }
            api.putManifest(repo, reference, manifestType, manifest);
        }

        Void mountAndTag(String token, String from, String repo, String tag) throws IOException {
            for (byte[] blob : List.of(layer, config)) {
                send(token, "POST", "/v2/" + repo + "/blobs/uploads/?mount=" + Digest.sha256(blob) + "&from=" + from, new byte[0], 201);
            }
            return tag(token, repo, tag);
        }

        Void tag(String token, String repo, String tag) throws IOException {
            send(token, "PUT", "/v2/" + repo + "/manifests/" + tag, manifest, 201);
            return null;
        }

        private static void send(String token, String method, String path, byte[] body, int expected) throws IOException {
            okhttp3.Request request = new okhttp3.Request.Builder().url(registry.baseUrl().resolve(path).toString())
                    .header("Authorization", "Bearer " + token)
                    .method(method, okhttp3.RequestBody.create(body, okhttp3.MediaType.get(MediaTypes.DOCKER_MANIFEST))).build();
            try (okhttp3.Response response = registry.httpClient().newCall(request).execute()) {
                assertThat(response.code()).as("%s %s: %s", method, path, response.body().string()).isEqualTo(expected);
            }
        }
    }
}
