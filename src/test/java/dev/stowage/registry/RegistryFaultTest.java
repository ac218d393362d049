package dev.stowage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import dev.stowage.image.MediaTypes;
import dev.stowage.testing.Cli;
import dev.stowage.testing.FaultProxy;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.RegistryServer;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.TokenServer;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry client on a hostile network: Debian's docker-registry behind a {@link FaultProxy} that answers
 * 503/429 bursts, resets connections mid-blob, stalls, corrupts bytes, limits bandwidth, closes connections after
 * each answer or when idle, and resets TLS handshakes. Every operation either succeeds with a verified image or
 * fails in one line leaving the store (and the registry) without a partial image.
 */
@Timeout(180)
class RegistryFaultTest {
    private static final String BLOB_GET = "^GET /v2/team/app/blobs/";

    @TempDir
    Path dir;
    Map<String, String> env;
    final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void setUp() {
        env = Cli.isolatedEnv(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.add(resource);
        return resource;
    }

    private Cli cli(String store) {
        return new Cli(dir.resolve(store), env);
    }

    private static Cli.Run ok(Cli cli, String... args) {
        return cli.ok(args);
    }

    private static Cli.Run fails(Cli cli, String... args) {
        Cli.Run run = cli.run(args);
        assertThat(run.exitCode()).as("%s should fail: %s", String.join(" ", args), run.out()).isEqualTo(1);
        assertThat(run.err()).startsWith("Error: ").endsWith("\n").hasLineCount(1);
        return run;
    }

    private static String imageId(Cli cli, String ref) {
        return Json.parseAny(ok(cli, "inspect", ref).out().getBytes(), "inspect").get(0).get("Id").asText();
    }

    /**
     * Loads an image of three layers, two of them of incompressible bytes (3 MiB and 2 MiB), big enough to cut
     * mid-blob and to take seconds through a bandwidth limit; tags it {@code ref}.
     */
    private void loadBigImage(Cli cli, String ref) throws IOException {
        Path layers = Files.createDirectories(dir.resolve("layers"));
        Path archive = ImageArchives.dockerArchive(dir.resolve("big.tar"), List.of(new ImageArchives.Image("big:1", null, List.of(
                ImageArchives.bigLayer(layers, "big-a", 3 << 20),
                ImageArchives.bigLayer(layers, "big-b", 2 << 20),
                ImageArchives.layer(layers, "etc/hostname", "fault-test\n")))));
        ok(cli, "load", "-i", archive.toString());
        ok(cli, "tag", "big:1", ref);
    }

    /** The layer digests of a manifest in the registry, biggest first. */
    private static List<String> layersBySize(RegistryServer registry, String repo, String tag) throws IOException {
        Request request = new Request.Builder().url(registry.baseUrl().resolve("/v2/" + repo + "/manifests/" + tag).toString())
                .header("Accept", MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_MANIFEST).build();
        try (Response response = registry.httpClient().newCall(request).execute()) {
            assertThat(response.code()).isEqualTo(200);
            JsonNode manifest = Json.parseAny(response.body().bytes(), "manifest");
            List<JsonNode> layers = new ArrayList<>();
            manifest.get("layers").forEach(layers::add);
            layers.sort((a, b) -> Long.compare(b.get("size").asLong(), a.get("size").asLong()));
            return layers.stream().map(l -> l.get("digest").asText()).toList();
        }
    }

    private static int status(RegistryServer registry, String method, String path) throws IOException {
        Request request = new Request.Builder().url(registry.baseUrl().resolve(path).toString()).method(method, null)
                .header("Accept", MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_MANIFEST).build();
        try (Response response = registry.httpClient().newCall(request).execute()) {
            return response.code();
        }
    }

    // ---------------------------------------------------------------- the ping

    @Test
    void pingAnswered503Then429AndResetIsRetriedUntilTheRegistryAnswers() throws Exception {
        RegistryServer registry = closing(RegistryServer.plain(dir.resolve("reg")));
        Cli a = cli("a");
        ok(a, "load", "-i", dev.stowage.testing.Tools.fixtures().resolve("ggcr/test_image_1.tar").toString());
        ok(a, "tag", "bazel/v1/tarball:test_image_1", registry.host() + "/team/app:1");
        ok(a, "push", registry.host() + "/team/app:1");

        FaultProxy proxy = closing(FaultProxy.to(registry.port()));
        proxy.answer("^GET /v2/$", 2, 503)
                .resetRequestAfter("^GET /v2/$", 0, 1)
                .answer("^GET /v2/$", 1, 429, "Retry-After: 1");
        Cli b = cli("b");
        long start = System.nanoTime();
        ok(b, "pull", proxy.host() + "/team/app:1");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(proxy.exchanges("^GET /v2/$")).extracting(FaultProxy.Exchange::status).containsExactly(503, 503, 0, 429, 200);
        assertThat(took).as("backed off, and waited for Retry-After: 1").isGreaterThan(Duration.ofMillis(3_500));
        assertThat(ok(b, "verify").out()).startsWith("OK:");
        assertThat(imageId(b, proxy.host() + "/team/app:1")).isEqualTo(imageId(a, registry.host() + "/team/app:1"));
    }

    @Test
    void insecureRegistryWhoseHttpsAttemptIsResetIsReachedOverPlainHttp() throws Exception {
        RegistryServer registry = closing(RegistryServer.plain(dir.resolve("reg")));
        FaultProxy proxy = closing(FaultProxy.to(registry.port()).resetTls());
        Cli a = cli("a");
        ok(a, "load", "-i", dev.stowage.testing.Tools.fixtures().resolve("ggcr/test_image_2.tar").toString());
        String ref = proxy.host() + "/team/app:1";
        ok(a, "tag", "bazel/v1/tarball:test_image_2", ref);

        ok(a, "push", ref);
        Cli b = cli("b");
        ok(b, "pull", ref);

        assertThat(proxy.exchanges("^TLS")).as("an https attempt each time, reset").isNotEmpty()
                .allSatisfy(e -> assertThat(e.fault()).isEqualTo("reset"));
        assertThat(proxy.exchanges("^GET /v2/$")).extracting(FaultProxy.Exchange::status).containsOnly(200);
        assertThat(ok(b, "verify").out()).startsWith("OK:");
        assertThat(imageId(b, ref)).isEqualTo(imageId(a, ref));
    }

    // ---------------------------------------------------------------- tokens

    @Test
    void loginAndPushOutliveTokensThatExpireWhileTheTokenServerClosesEveryConnection() throws Exception {
        FaultProxy[] tokenProxy = new FaultProxy[1];
        RegistryServer registry = closing(RegistryServer.token(dir.resolve("reg"), Map.of("alice", "alice-pw"),
                Map.of("alice", Set.of("*:pull,push")), realm -> {
                    try {
                        tokenProxy[0] = closing(FaultProxy.to(realm.getPort()).closeAfterEachResponse());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return tokenProxy[0].via(realm);
                }));
        // the registry drops idle connections too, and is slow enough for the tokens to expire mid-push
        FaultProxy proxy = closing(FaultProxy.to(registry.port()).dropIdleAfter(Duration.ofMillis(300)).bandwidth(1_500_000));
        Cli a = cli("a");
        String ref = proxy.host() + "/team/app:1";
        // login's check is retried too: the ping and the token request
        proxy.answer("^GET /v2/$", 1, 503);
        tokenProxy[0].answer("^GET /token", 1, 503);
        Cli.Run login = a.runWithInput(new ByteArrayInputStream("alice-pw".getBytes()), "login", "-u", "alice", "--password-stdin", proxy.host());
        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(tokenProxy[0].exchanges("^GET /token")).extracting(FaultProxy.Exchange::status).startsWith(503, 200);
        loadBigImage(a, ref);
        TokenServer tokens = registry.tokenServer();
        tokens.acceptedFor(Duration.ofSeconds(2));
        tokens.clearRequests();

        ok(a, "push", ref);

        assertThat(tokens.requests()).as("tokens renewed during the push").filteredOn(TokenServer.TokenRequest::succeeded)
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(tokenProxy[0].connections()).as("each token on a connection of its own").isGreaterThanOrEqualTo(2);
        tokens.acceptedFor(null);
        proxy.bandwidth(0);
        Cli b = cli("b");
        ok(b, "pull", ref);
        assertThat(ok(b, "verify").out()).startsWith("OK:");
        assertThat(imageId(b, ref)).isEqualTo(imageId(a, ref));
    }

    // ---------------------------------------------------------------- blobs

    @Test
    void resetsMidBlobAndStallsArePassedAndTheImageIsVerified() throws Exception {
        RegistryServer registry = closing(RegistryServer.plain(dir.resolve("reg")));
        FaultProxy proxy = closing(FaultProxy.to(registry.port()));
        String ref = proxy.host() + "/team/app:1";
        Cli a = cli("a");
        loadBigImage(a, ref);

        proxy.resetRequestAfter("^PATCH /v2/team/app/blobs/uploads/", 1 << 20, 1);
        ok(a, "push", ref);
        List<FaultProxy.Exchange> patches = proxy.exchanges("^PATCH ");
        assertThat(patches).hasSize(4 + 1);
        assertThat(patches.stream().filter(p -> p.status() == 0)).as("one cut after 1 MiB").hasSize(1);
        assertThat(proxy.exchanges("^POST /v2/team/app/blobs/uploads/")).as("the cut upload began again on a new session").hasSize(5);

        List<String> layers = layersBySize(registry, "team/app", "1");
        proxy.resetResponseAfter(BLOB_GET + layers.get(0), 1_500_000, 1)
                .stallResponseAfter(BLOB_GET + layers.get(1), 500_000, Duration.ofSeconds(2), 1);
        Cli b = cli("b");
        ok(b, "pull", ref);

        assertThat(proxy.exchanges(BLOB_GET + layers.get(0))).extracting(FaultProxy.Exchange::fault)
                .containsExactly("reset response at 1500000", "");
        assertThat(proxy.exchanges(BLOB_GET + layers.get(1))).hasSize(1);
        assertThat(ok(b, "verify").out()).startsWith("OK:");
        assertThat(imageId(b, ref)).isEqualTo(imageId(a, ref));
        // what the registry holds is what was pushed: skopeo reads it with every digest checked
        dev.stowage.testing.Tools.require("skopeo");
        dev.stowage.testing.Tools.run(dir, "skopeo", "copy", "--src-tls-verify=false", "docker://" + registry.host() + "/team/app:1",
                "oci:" + dir.resolve("oci") + ":x").assertOk();
    }

    @Test
    void corruptedBytesAreRefusedAndNothingIsStored() throws Exception {
        RegistryServer registry = closing(RegistryServer.plain(dir.resolve("reg")));
        FaultProxy proxy = closing(FaultProxy.to(registry.port()));
        Cli a = cli("a");
        loadBigImage(a, registry.host() + "/team/app:1");
        ok(a, "push", registry.host() + "/team/app:1");
        List<String> layers = layersBySize(registry, "team/app", "1");

        proxy.corruptResponseAt(BLOB_GET + layers.get(0), 100_000, Integer.MAX_VALUE);
        Cli b = cli("b");
        ok(b, "images");
        StoreSnapshot before = StoreSnapshot.of(b.store());
        Cli.Run pull = fails(b, "pull", proxy.host() + "/team/app:1");
        assertThat(pull.err()).contains("layer " + layers.get(0) + " does not match its digest");
        assertThat(StoreSnapshot.of(b.store())).isEqualTo(before);

        // from a store that does not know the registry has these blobs elsewhere, so they are uploaded, not mounted
        proxy.corruptRequestAt("^PATCH /v2/team/corrupt/blobs/uploads/", 100_000, Integer.MAX_VALUE);
        Cli c = cli("c");
        loadBigImage(c, proxy.host() + "/team/corrupt:1");
        Cli.Run push = fails(c, "push", proxy.host() + "/team/corrupt:1");
        assertThat(push.err()).contains("answered HTTP 400 (digest_invalid");
        assertThat(status(registry, "GET", "/v2/team/corrupt/manifests/1")).as("no manifest").isEqualTo(404);
        assertThat(status(registry, "HEAD", "/v2/team/corrupt/blobs/" + layers.get(0))).as("no corrupted blob").isEqualTo(404);
    }
}
