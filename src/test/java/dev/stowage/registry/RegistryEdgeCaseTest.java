package dev.stowage.registry;

import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.LayerProgress;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.auth.AuthException;
import dev.stowage.registry.auth.RegistryAuth;
import dev.stowage.registry.auth.Transport;
import dev.stowage.registry.auth.WwwAuthenticate;
import dev.stowage.registry.credentials.Credential;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.store.Store;
import dev.stowage.testing.Cli;
import dev.stowage.testing.FakeRegistry;
import dev.stowage.testing.FakeRegistry.Seen;
import dev.stowage.testing.FakeRegistry.TokenRequest;
import dev.stowage.testing.StoreSnapshot;
import dev.stowage.testing.Tools;
import dev.stowage.util.ParallelGzip;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static dev.stowage.testing.FakeRegistry.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Protocol edge cases a real registry won't produce on demand, against an in-memory {@link FakeRegistry} on
 * MockWebServer, driving the real {@link RegistryClient}, {@link ImagePusher} and {@link ImagePuller}.
 * Every failure must be one line without the password, and a failed pull must leave the store as it was.
 */
@Timeout(60)
class RegistryEdgeCaseTest {
    private static final String PASSWORD = "pw-Zq8-never-print-me";
    private static final Optional<Credential> ALICE = Optional.of(new Credential("alice", PASSWORD, false));
    private static final String REPO = "team/app";

    @TempDir
    Path dir;
    MockWebServer server;
    FakeRegistry fake;
    String host;
    final List<MockWebServer> otherServers = new ArrayList<>();
    final List<ExecutorService> executors = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        fake = new FakeRegistry();
        server = FakeRegistry.newServer();
        server.setDispatcher(fake);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        host = "127.0.0.1:" + server.getPort();
        fake.at(HttpUrl.get("http://" + host + "/"));
    }

    @AfterEach
    void stop() {
        executors.forEach(ExecutorService::shutdownNow);
        otherServers.forEach(MockWebServer::close);
        server.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private RegistryClient client(Optional<Credential> credential) {
        return new RegistryClient(host, credential, new RegistrySettings(Set.of(), true, List.of()),
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(2)));
    }

    private static LocalImage loadFixture(Path storeDir) throws IOException {
        Cli.Run run = new Cli(storeDir).run("load", "-i", Tools.fixtures().resolve("ggcr/test_image_1.tar").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return ImageResolver.of(Store.open(storeDir)).resolve("bazel/v1/tarball:test_image_1");
    }

    private ImagePusher.Result push(RegistryClient client, Path storeDir, LocalImage image, String ref, int parallelism)
            throws IOException {
        return new ImagePusher(Store.open(storeDir), new RegistryApi(client), ProgressListener.NONE, parallelism,
                ParallelGzip.defaults()).push(image, Reference.parse(host + "/" + ref));
    }

    private ImagePuller.Result pull(RegistryClient client, Path storeDir, String ref) throws IOException {
        return new ImagePuller(Store.open(storeDir), new RegistryApi(client), ProgressListener.NONE, 2)
                .pull(Reference.parse(host + "/" + ref), Platform.current(), false);
    }

    /** Pushes test_image_1 as team/app:v1 from its own store with its own client; returns the manifest digest. */
    private Digest seed(Optional<Credential> credential) throws IOException {
        Path a = dir.resolve("seed");
        return push(client(credential), a, loadFixture(a), REPO + ":v1", 2).digest();
    }

    /** A store that exists (layout written) and is empty, with its snapshot. */
    private Path emptyStore(String name) throws IOException {
        Path p = dir.resolve(name);
        Store.open(p);
        return p;
    }

    /** Runs what must fail; checks its message is one line without the password; returns the exception. */
    private static Throwable failure(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected a failure").isNotNull();
        assertThat(t.getMessage()).as("message of %s", t).isNotBlank().doesNotContain("\n").doesNotContain(PASSWORD);
        return t;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private record Synthetic(Digest manifest, Digest config, Digest layer, byte[] layerBytes) {
    }

    /**
     * Puts an image with one gzip layer of {@code size} random (incompressible) bytes straight into the fake,
     * for bodies big enough to cut or throttle. Pull does not interpret layer contents, only their digests.
     */
    private Synthetic seedSynthetic(String repo, String tag, int size) throws IOException {
        byte[] content = new byte[size];
        new Random(42).nextBytes(content);
        byte[] layer = gzip(content);
        Digest layerDigest = fake.putBlob(layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + Digest.sha256(content) + "\"]},\"config\":{}}").getBytes(StandardCharsets.UTF_8);
        Digest configDigest = fake.putBlob(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST + "\",\"config\":{\"mediaType\":\""
                + MediaTypes.DOCKER_CONFIG + "\",\"size\":" + config.length + ",\"digest\":\"" + configDigest + "\"},"
                + "\"layers\":[{\"mediaType\":\"" + MediaTypes.DOCKER_LAYER_GZIP + "\",\"size\":" + layer.length
                + ",\"digest\":\"" + layerDigest + "\"}]}").getBytes(StandardCharsets.UTF_8);
        Digest m = fake.putManifest(repo, tag, MediaTypes.DOCKER_MANIFEST, manifest);
        return new Synthetic(m, configDigest, layerDigest, layer);
    }

    private List<Seen> seen(String method, String pathPart) {
        return fake.seen().stream().filter(s -> s.is(method, pathPart)).toList();
    }

    private static MockResponse cutHalfway(MockResponse response) {
        return response.newBuilder().onResponseBody(new SocketEffect.CloseSocket()).build();
    }

    /** Asserts the pulled image is in the store under its name with the registry's digest. */
    private static void assertPulled(Path storeDir, String name, Digest manifest, ImagePuller.Result result) throws IOException {
        assertThat(result.digest()).isEqualTo(manifest);
        Store store = Store.open(storeDir);
        LocalImage image = ImageResolver.of(store).resolve(name);
        assertThat(image.target().digest()).isEqualTo(manifest);
        for (var layer : image.manifest().layers()) assertThat(store.hasBlob(layer.digest())).isTrue();
        assertThat(store.hasBlob(image.manifest().config().digest())).isTrue();
    }

    // ---- 1. relative Locations -----------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 5000, (1 << 20) - 1, 1 << 20, 3 << 20, (3 << 20) + 4097})
    void uploadsSendEveryByteOfTheFileWhateverItsSize(int size) throws Exception {
        // from 1 MiB up the file is read with direct I/O in whole blocks, the tail through the page cache
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        Path file = Files.write(dir.resolve("blob"), bytes);
        Digest digest = Digest.sha256(bytes);
        List<LayerProgress> seenProgress = new java.util.concurrent.CopyOnWriteArrayList<>();
        RegistryApi api = new RegistryApi(client(Optional.empty()));
        api.upload(REPO, api.startUpload(REPO), digest, file, "blob", seenProgress::add);
        assertThat(fake.blob(digest)).isEqualTo(bytes);
        if (size > 0) assertThat(seenProgress).last().satisfies(p -> assertThat(p.current()).isEqualTo(size));
    }

    @Test
    void relativeUploadLocationsKeepTheirStateAndThePatchLocationIsFollowed() throws Exception {
        fake.relativeLocations = true;
        Path a = dir.resolve("a");
        ImagePusher.Result result = push(client(Optional.empty()), a, loadFixture(a), REPO + ":v1", 2);

        assertThat(Digest.sha256(fake.manifest(REPO, "v1"))).isEqualTo(result.digest());
        List<Seen> posts = seen("POST", "/blobs/uploads/");
        List<Seen> patches = seen("PATCH", "/blobs/uploads/");
        List<Seen> puts = seen("PUT", "/blobs/uploads/");
        assertThat(posts).as(fake.summary()).hasSize(2);
        assertThat(patches).as(fake.summary()).hasSize(2);
        assertThat(puts).as(fake.summary()).hasSize(2);
        HttpUrl base = HttpUrl.get("http://" + host + "/");
        for (Seen post : posts) {
            String location = post.responseHeaders().get("Location");
            assertThat(post.status()).isEqualTo(202);
            assertThat(location).startsWith("/v2/" + REPO + "/blobs/uploads/").contains("?_state=abc-");
            String session = base.resolve(location).encodedPath();
            Seen patch = patches.stream().filter(p -> p.path().equals(session)).findFirst().orElseThrow();
            assertThat(patch.url()).as("the PATCH goes to the POST's Location, query kept").isEqualTo(base.resolve(location));
            assertThat(patch.status()).isEqualTo(202);
            String patchLocation = patch.responseHeaders().get("Location");
            assertThat(patchLocation).startsWith("/v2/").contains("?_state=def-");
            Seen put = puts.stream().filter(p -> p.path().equals(session)).findFirst().orElseThrow();
            HttpUrl expected = base.resolve(patchLocation);
            assertThat(put.url().queryParameter("_state")).as("the PUT follows the PATCH's Location")
                    .isEqualTo(expected.queryParameter("_state"));
            assertThat(put.url().queryParameterNames()).containsExactly("_state", "digest");
            assertThat(fake.hasBlob(Digest.parse(put.url().queryParameter("digest")))).isTrue();
            assertThat(put.status()).isEqualTo(201);
        }
    }

    // ---- 2. PATCH answered 201 (ECR) or 204 ----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {201, 204})
    void patchAnsweredWithOtherSuccessCodesStillPushes(int status) throws Exception {
        fake.patchStatus = status;
        fake.patchLocation = status == 201; // ECR sends a Location with its 201; a bare 204 keeps the POST's session
        Path a = dir.resolve("a");
        LocalImage image = loadFixture(a);
        ImagePusher.Result result = push(client(Optional.empty()), a, image, REPO + ":v1", 2);

        assertThat(Digest.sha256(fake.manifest(REPO, "v1"))).isEqualTo(result.digest());
        assertThat(seen("PATCH", "/blobs/uploads/")).hasSize(2).allSatisfy(s -> assertThat(s.status()).isEqualTo(status));
        assertThat(seen("PUT", "/blobs/uploads/")).hasSize(2).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(201);
            assertThat(s.url().queryParameter("_state")).startsWith(status == 201 ? "def-" : "abc-");
        });
        assertThat(fake.hasBlob(image.manifest().config().digest())).isTrue();
    }

    // ---- 3. redirect to a blob store on another host --------------------------------------------------------

    @Test
    void blobRedirectToAnotherHostCarriesNoAuthorization() throws Exception {
        fake.basicAuth("alice", PASSWORD);
        Digest manifest = seed(ALICE);
        List<RecordedRequest> storeRequests = new CopyOnWriteArrayList<>();
        MockWebServer blobStore = FakeRegistry.newServer();
        otherServers.add(blobStore);
        blobStore.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                storeRequests.add(r);
                String path = r.getUrl().encodedPath();
                byte[] bytes = path.startsWith("/blobstore/") ? fake.blob(Digest.parse(path.substring("/blobstore/".length()))) : null;
                if (bytes == null) return new MockResponse.Builder().code(404).build();
                return new MockResponse.Builder().code(200).body(new Buffer().write(bytes)).build();
            }
        });
        blobStore.start(InetAddress.getByName("127.0.0.1"), 0);
        fake.blobStore = "http://localhost:" + blobStore.getPort();

        Path b = emptyStore("b");
        ImagePuller.Result result = pull(client(ALICE), b, REPO + ":v1");

        assertPulled(b, host + "/" + REPO + ":v1", manifest, result);
        List<Seen> blobGets = seen("GET", "/blobs/sha256:");
        assertThat(blobGets).hasSize(2).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(307);
            assertThat(s.headers().get("Authorization")).startsWith("Basic ");
        });
        assertThat(storeRequests).hasSize(2).allSatisfy(r -> {
            assertThat(r.getHeaders().get("Authorization")).as("Authorization sent to the blob store").isNull();
            assertThat(r.getHeaders().get("Host")).isEqualTo("localhost:" + blobStore.getPort());
            assertThat(r.getUrl().queryParameter("X-Amz-Signature")).isEqualTo("f00d");
        });
    }

    // ---- 4. 429 with Retry-After ----------------------------------------------------------------------------

    @Test
    void tooManyRequestsWaitsForRetryAfter() throws Exception {
        Digest manifest = seed(Optional.empty());
        fake.replace(request("GET", "/manifests/"), 1, r -> new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
                .body("{\"errors\":[{\"code\":\"TOOMANYREQUESTS\",\"message\":\"slow down\"}]}").build());
        Path b = emptyStore("b");

        long start = System.nanoTime();
        ImagePuller.Result result = pull(client(Optional.empty()), b, REPO + ":v1");
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertPulled(b, host + "/" + REPO + ":v1", manifest, result);
        List<Seen> gets = seen("GET", "/manifests/");
        assertThat(gets).hasSizeGreaterThanOrEqualTo(2);
        assertThat(gets.get(0).status()).isEqualTo(429);
        assertThat(gets.get(1).status()).isEqualTo(200);
        assertThat(elapsedMs).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(900);
    }

    // ---- 5. 500 then success --------------------------------------------------------------------------------

    @Test
    void serverErrorsOnBlobHeadManifestPutAndUploadPutAreRetried() throws Exception {
        fake.replace(request("HEAD", "/blobs/sha256:"), 1, r -> new MockResponse.Builder().code(500).build());
        fake.replace(request("PUT", "/manifests/"), 1, r -> new MockResponse.Builder().code(500)
                .body("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"internal error\"}]}").build());
        fake.replace(request("PUT", "/blobs/uploads/"), 1, r -> new MockResponse.Builder().code(503).build());
        Path a = dir.resolve("a");
        ImagePusher.Result result = push(client(Optional.empty()), a, loadFixture(a), REPO + ":v1", 2);

        assertThat(Digest.sha256(fake.manifest(REPO, "v1"))).isEqualTo(result.digest());
        List<Seen> heads = seen("HEAD", "/blobs/sha256:");
        assertThat(heads.get(0).status()).isEqualTo(500);
        assertThat(heads.stream().filter(h -> h.path().equals(heads.get(0).path()))).as("HEAD retried").hasSize(2);
        assertThat(seen("PUT", "/manifests/")).extracting(Seen::status).containsExactly(500, 201);
        assertThat(seen("POST", "/blobs/uploads/")).as("the PUT is retried on its session; %s", fake.summary()).hasSize(2);
        assertThat(seen("PUT", "/blobs/uploads/")).extracting(Seen::status).containsExactlyInAnyOrder(503, 201, 201);
    }

    @Test
    void uploadPutWhoseAnswerIsLostIsRetriedAndFindsTheBlobThere() throws Exception {
        // the registry completes the upload, then the connection drops before its answer
        fake.alter(request("PUT", "/blobs/uploads/"), 1, r -> r.newBuilder().onResponseStart(new SocketEffect.CloseSocket()).build());
        Path a = dir.resolve("a");
        ImagePusher.Result result = push(client(Optional.empty()), a, loadFixture(a), REPO + ":v1", 1);

        assertThat(Digest.sha256(fake.manifest(REPO, "v1"))).isEqualTo(result.digest());
        List<Seen> puts = seen("PUT", "/blobs/uploads/");
        assertThat(puts.get(0).status()).as("completed, answer lost").isEqualTo(201);
        assertThat(puts.get(1).status()).as("the retry finds the session gone").isEqualTo(404);
        assertThat(seen("POST", "/blobs/uploads/")).as("no upload began again; %s", fake.summary()).hasSize(puts.size() - 1);
    }

    @Test
    void tokenServerFailuresAreRetriedByOneLoopNotOnceMorePerRequestAttempt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger tokenRequests = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failTokens = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
        MockWebServer registry = FakeRegistry.newServer();
        otherServers.add(registry);
        registry.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                if (path.equals("/token")) {
                    tokenRequests.incrementAndGet();
                    return failTokens.getAndDecrement() > 0 ? new MockResponse.Builder().code(503).build()
                            : new MockResponse.Builder().code(200).body("{\"token\":\"t1\"}").build();
                }
                if ("Bearer t1".equals(r.getHeaders().get("Authorization"))) {
                    return new MockResponse.Builder().code(200).body("{\"repositories\":[\"a\"]}").build();
                }
                return new MockResponse.Builder().code(401).addHeader("WWW-Authenticate",
                        "Bearer realm=\"" + r.getUrl().resolve("/token") + "\",service=\"reg\"").build();
            }
        });
        registry.start(InetAddress.getByName("127.0.0.1"), 0);
        String other = "127.0.0.1:" + registry.getPort();
        RegistrySettings settings = new RegistrySettings(Set.of(), true, List.of());
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(1));

        Throwable t = failure(() -> new RegistryApi(new RegistryClient(other, ALICE, settings, policy)).catalog(10));
        assertThat(t).hasMessageContaining("the token server answered HTTP 503");
        assertThat(tokenRequests.get()).as("4 attempts in all, not 4 per attempt of the request").isEqualTo(4);

        tokenRequests.set(0);
        failTokens.set(2);
        assertThat(new RegistryApi(new RegistryClient(other, ALICE, settings, policy)).catalog(10)).containsExactly("a");
        assertThat(tokenRequests.get()).isEqualTo(3);
    }

    // ---- 6. connection resets ------------------------------------------------------------------------------

    @Test
    void connectionResetMidBlobIsRetried() throws Exception {
        Synthetic s = seedSynthetic("team/big", "v1", 1 << 20);
        fake.alter(request("GET", "/blobs/" + s.layer()), 1, RegistryEdgeCaseTest::cutHalfway);
        fake.alter(request("GET", "/blobs/" + s.config()), 1, RegistryEdgeCaseTest::cutHalfway);
        Path b = emptyStore("b");

        ImagePuller.Result result = pull(client(Optional.empty()), b, "team/big:v1");

        assertPulled(b, host + "/team/big:v1", s.manifest(), result);
        assertThat(seen("GET", "/blobs/" + s.layer())).hasSize(2);
        assertThat(seen("GET", "/blobs/" + s.config())).hasSize(2);
        assertThat(Files.readAllBytes(Store.open(b).blobPath(s.layer()))).isEqualTo(s.layerBytes());
    }

    @Test
    void connectionResetEveryTimeFailsClearlyAndLeavesTheStoreAsItWas() throws Exception {
        fake.basicAuth("alice", PASSWORD);
        Synthetic s = seedSynthetic("team/big", "v1", 1 << 20);
        fake.alter(request("GET", "/blobs/" + s.layer()), Integer.MAX_VALUE, RegistryEdgeCaseTest::cutHalfway);
        Path b = emptyStore("b");
        StoreSnapshot before = StoreSnapshot.of(b);

        Throwable t = failure(() -> pull(client(ALICE), b, "team/big:v1"));

        assertThat(t).hasMessageContaining("downloading layer " + s.layer().shortHex() + " failed");
        assertThat(seen("GET", "/blobs/" + s.layer()).size()).isBetween(2, 5);
        assertThat(StoreSnapshot.of(b)).isEqualTo(before);
    }

    @Test
    void connectionResetMidPatchRestartsTheUploadFromZero() throws Exception {
        fake.patchBodiesToCut.set(1);
        Path a = dir.resolve("a");
        LocalImage image = loadFixture(a);
        ImagePusher.Result result = push(client(Optional.empty()), a, image, REPO + ":v1", 1);

        assertThat(Digest.sha256(fake.manifest(REPO, "v1"))).isEqualTo(result.digest());
        List<RecordedRequest> received = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(0, TimeUnit.SECONDS)) != null) received.add(r);
        List<RecordedRequest> patches = received.stream().filter(x -> x.getMethod().equals("PATCH")).toList();
        assertThat(patches).as(fake.summary()).hasSize(3);
        assertThat(patches.get(0).getBodySize()).as("the first PATCH was cut halfway")
                .isLessThan(Long.parseLong(patches.get(0).getHeaders().get("Content-Length")));
        List<Seen> posts = seen("POST", "/blobs/uploads/");
        assertThat(posts).as("a new session after the reset").hasSize(3);
        assertThat(posts.stream().map(p -> p.responseHeaders().get("Docker-Upload-UUID")).distinct()).hasSize(3);
        assertThat(seen("PUT", "/blobs/uploads/")).hasSize(2).allSatisfy(p -> assertThat(p.status()).isEqualTo(201));
    }

    // ---- 7. wrong digests ----------------------------------------------------------------------------------

    @Test
    void blobThatDoesNotMatchItsDigestFailsAndStoresNothing() throws Exception {
        Synthetic s = seedSynthetic("team/app", "v1", 4096);
        byte[] other = gzip("not the layer you asked for".getBytes(StandardCharsets.UTF_8));
        fake.alter(request("GET", "/blobs/" + s.layer()), Integer.MAX_VALUE,
                resp -> resp.newBuilder().body(new Buffer().write(other)).build());
        Path b = emptyStore("b");
        StoreSnapshot before = StoreSnapshot.of(b);

        Throwable t = failure(() -> pull(client(Optional.empty()), b, REPO + ":v1"));

        assertThat(t).hasMessageContaining(s.layer().toString());
        assertThat(StoreSnapshot.of(b)).isEqualTo(before);
        assertThat(Store.open(b).readIndex().entries()).isEmpty();
    }

    @Test
    void manifestByDigestWithWrongBytesFails() throws Exception {
        Synthetic s = seedSynthetic("team/app", "v1", 4096);
        byte[] tampered = (new String(fake.manifest(REPO, "v1"), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        fake.alter(request("GET", "/manifests/" + s.manifest()), Integer.MAX_VALUE,
                resp -> resp.newBuilder().body(new Buffer().write(tampered)).build());
        Path b = emptyStore("b");
        StoreSnapshot before = StoreSnapshot.of(b);

        Throwable t = failure(() -> pull(client(Optional.empty()), b, REPO + "@" + s.manifest()));

        assertThat(t).hasMessageContaining(s.manifest().toString());
        assertThat(StoreSnapshot.of(b)).isEqualTo(before);
    }

    @Test
    void manifestByTagWhoseDockerContentDigestDisagreesFails() throws Exception {
        seedSynthetic("team/app", "v1", 4096);
        Digest claimed = Digest.sha256("something else");
        fake.alter(request("GET", "/manifests/v1"), Integer.MAX_VALUE,
                resp -> resp.newBuilder().setHeader("Docker-Content-Digest", claimed.toString()).build());
        Path b = emptyStore("b");
        StoreSnapshot before = StoreSnapshot.of(b);

        Throwable t = failure(() -> pull(client(Optional.empty()), b, REPO + ":v1"));

        assertThat(t).hasMessageContaining(claimed.toString());
        assertThat(StoreSnapshot.of(b)).isEqualTo(before);
    }

    // ---- 8. GCR: 401 without WWW-Authenticate after a Bearer ping ------------------------------------------

    @Test
    void unauthorizedWithoutChallengeKeepsThePingsBearerChallenge() throws Exception {
        fake.bearerAuth("alice", PASSWORD);
        Digest manifest = seed(ALICE);
        int before = fake.tokenRequests().size();
        fake.omitChallengeAfterPing = true;
        fake.tokensToReject.set(1);
        Path b = emptyStore("b");

        ImagePuller.Result result = pull(client(ALICE), b, REPO + ":v1");

        assertPulled(b, host + "/" + REPO + ":v1", manifest, result);
        List<TokenRequest> mine = fake.tokenRequests().subList(before, fake.tokenRequests().size());
        assertThat(mine).hasSize(2).allSatisfy(tr -> {
            assertThat(tr.scopes()).containsExactly("repository:" + REPO + ":pull");
            assertThat(tr.authorization()).startsWith("Basic ");
        });
        assertThat(fake.seen()).anySatisfy(s -> {
            assertThat(s.path()).contains("/manifests/");
            assertThat(s.status()).isEqualTo(401);
            assertThat(s.responseHeaders().get("WWW-Authenticate")).isNull();
        });
    }

    // ---- 9. token lifetime floor and insufficient_scope -----------------------------------------------------

    @Test
    void shortLivedAccessTokenIsCachedAndInsufficientScopeIsAskedAgainOnce() throws Exception {
        fake.bearerAuth("alice", PASSWORD);
        seed(ALICE);
        fake.tokenJson = token -> "{\"access_token\":\"" + token + "\",\"expires_in\":10}";
        int before = fake.tokenRequests().size();
        RegistryClient client = client(ALICE);
        RegistryApi api = new RegistryApi(client);
        Path b = emptyStore("b");

        pull(client, b, REPO + ":v1");
        api.getManifest(REPO, "v1");
        List<TokenRequest> mine = fake.tokenRequests().subList(before, fake.tokenRequests().size());
        assertThat(mine).as("expires_in 10 counts as 60: one token serves the pull and the next request")
                .extracting(TokenRequest::scopes).containsExactly(List.of("repository:" + REPO + ":pull"));

        fake.extraScopeForManifestGet = "repository:other:pull";
        int manifestGets = seen("GET", "/manifests/").size();
        RegistryApi.FetchedManifest fetched = api.getManifest(REPO, "v1");
        assertThat(fetched.bytes()).isEqualTo(fake.manifest(REPO, "v1"));
        List<TokenRequest> again = fake.tokenRequests().subList(before + 1, fake.tokenRequests().size());
        assertThat(again).extracting(TokenRequest::scopes)
                .containsExactly(List.of("repository:" + REPO + ":pull", "repository:other:pull"));
        assertThat(seen("GET", "/manifests/").subList(manifestGets, seen("GET", "/manifests/").size()))
                .extracting(Seen::status).containsExactly(401, 200);

        fake.refusedRepositories.add("other");
        Throwable t = failure(() -> new RegistryApi(client(ALICE)).getManifest(REPO, "v1"));
        assertThat(t).isInstanceOf(AuthException.class).hasMessageContaining("insufficient scope");
    }

    // ---- 10. bearer realm over plain HTTP ------------------------------------------------------------------

    @Test
    void plainHttpTokenRealmIsRefusedUnlessTheRegistryIsInsecure() throws Exception {
        MockWebServer realm = FakeRegistry.newServer();
        otherServers.add(realm);
        realm.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                return new MockResponse.Builder().code(200).body("{\"token\":\"t1\",\"expires_in\":300}").build();
            }
        });
        realm.start(InetAddress.getByName("127.0.0.1"), 0);
        var challenge = WwwAuthenticate.parse("Bearer realm=\"" + realm.url("/token") + "\",service=\"reg\"");
        OkHttpClient okHttp = new OkHttpClient();
        Transport plainHttp = request -> okHttp.newCall(request).execute();

        RegistryAuth secure = new RegistryAuth(plainHttp, ALICE, false, Clock.systemUTC());
        secure.challenged(challenge);
        Throwable t = failure(() -> secure.header(List.of(Scope.pull(REPO))));
        assertThat(t).isInstanceOf(AuthException.class).hasMessageContaining("plain HTTP").hasMessageContaining("insecure");
        assertThat(realm.getRequestCount()).as("credentials never sent").isZero();

        RegistryAuth insecure = new RegistryAuth(plainHttp, ALICE, true, Clock.systemUTC());
        insecure.challenged(challenge);
        assertThat(insecure.header(List.of(Scope.pull(REPO)))).isEqualTo("Bearer t1");

        // and a registry that is not insecure is only ever spoken to over TLS
        RegistryClient strict = new RegistryClient(host, ALICE, new RegistrySettings(Set.of(), false, List.of()),
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofSeconds(1)));
        Throwable tls = failure(() -> new RegistryApi(strict).getManifest(REPO, "v1"));
        assertThat(tls).hasMessageContaining("TLS to " + host + " failed");
        assertThat(fake.seen()).noneMatch(s -> s.headers().get("Authorization") != null);
    }

    // ---- 11. response size caps ----------------------------------------------------------------------------

    @Test
    void oversizedManifestIsRefused() throws Exception {
        seed(Optional.empty());
        byte[] huge = new byte[5 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        fake.alter(request("GET", "/manifests/v1"), 1, resp -> resp.newBuilder().body(new Buffer().write(huge)).build());
        fake.alter(request("GET", "/manifests/v2"), 1, resp -> resp.newBuilder().chunkedBody(new Buffer().write(huge), 64 << 10).build());
        fake.putManifest(REPO, "v2", MediaTypes.DOCKER_MANIFEST, fake.manifest(REPO, "v1"));
        Path b = emptyStore("b");
        StoreSnapshot before = StoreSnapshot.of(b);

        Throwable declared = failure(() -> pull(client(Optional.empty()), b, REPO + ":v1"));
        assertThat(declared).hasMessageContaining("manifest").hasMessageContaining("4194304 byte limit");
        Throwable chunked = failure(() -> pull(client(Optional.empty()), b, REPO + ":v2"));
        assertThat(chunked).hasMessageContaining("manifest").hasMessageContaining("4194304 byte limit");
        assertThat(StoreSnapshot.of(b)).isEqualTo(before);
    }

    // ---- 12. cancellation ----------------------------------------------------------------------------------

    @Test
    void cancellingAPullMidBlobEndsQuicklyAndLeavesTheStoreAsItWas() throws Exception {
        Synthetic s = seedSynthetic("team/slow", "v1", 256 << 10);
        CountDownLatch sending = new CountDownLatch(1);
        fake.alter(request("GET", "/blobs/" + s.layer()), Integer.MAX_VALUE, resp -> {
            sending.countDown();
            return resp.newBuilder().throttleBody(8 << 10, 250, TimeUnit.MILLISECONDS).build(); // ~8 s in all
        });
        Path b = emptyStore("b");
        StoreSnapshot before = StoreSnapshot.of(b);
        RegistryClient client = client(Optional.empty());
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executors.add(executor);

        Future<ImagePuller.Result> pulling = executor.submit(() -> pull(client, b, "team/slow:v1"));
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500); // the body is flowing: the call has returned its headers
        long start = System.nanoTime();
        client.cancel();
        Throwable t = catchThrowable(() -> pulling.get(5, TimeUnit.SECONDS));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(InterruptedIOException.class).hasMessage("cancelled");
        assertThat(elapsedMs).isLessThan(3000);
        assertThat(seen("GET", "/blobs/" + s.layer())).as("not retried after cancel").hasSize(1);
        assertThat(StoreSnapshot.of(b)).isEqualTo(before);
    }
}
