package dev.stowage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Digest;
import dev.stowage.image.Json;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Credentials;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.ByteString;

import javax.net.ServerSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory distribution-API registry for {@link mockwebserver3.MockWebServer}: blobs and manifests in maps,
 * {@code /v2/} ping, blob HEAD/GET, uploads (POST → 202 + Location carrying an opaque {@code _state} that every
 * later step must echo, PATCH, PUT {@code ?digest=} checked against the bytes), cross-repository mounts, and
 * manifest GET/HEAD/PUT (a PUT whose config or layers are missing is refused, as real registries do).
 *
 * <p>Auth is none, Basic, or Bearer with a token endpoint at {@code /token} on the same server. Knobs bend the
 * protocol the way some real registries do ({@link #relativeLocations}, {@link #patchStatus},
 * {@link #omitChallengeAfterPing}, …) and {@link #replace}/{@link #alter} inject faults into chosen requests.
 * Every dispatched request is logged with the status it got.
 */
public final class FakeRegistry extends Dispatcher {
    public enum AuthMode { NONE, BASIC, BEARER }

    /** A request the fake answered, and the answer's status and headers. */
    public record Seen(String method, HttpUrl url, Headers headers, int status, Headers responseHeaders) {
        public String path() {
            return url.encodedPath();
        }

        public boolean is(String method, String pathPart) {
            return this.method.equals(method) && path().contains(pathPart);
        }
    }

    /** A request to the token endpoint: its scope parameters and whether it carried credentials. */
    public record TokenRequest(List<String> scopes, String authorization) {
    }

    private record Stored(byte[] bytes, String mediaType) {
    }

    private record Fault(Predicate<RecordedRequest> when, AtomicInteger remaining,
                         Function<RecordedRequest, MockResponse> replacement, UnaryOperator<MockResponse> alteration) {
    }

    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/?");
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([0-9a-z-]+)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");

    private final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, Stored> manifests = new ConcurrentHashMap<>(); // repo@digest
    private final Map<String, Digest> tags = new ConcurrentHashMap<>(); // repo:tag
    private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    private final Map<String, String> uploadStates = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tokenGrants = new ConcurrentHashMap<>();
    private final Set<String> rejectedTokens = ConcurrentHashMap.newKeySet();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();

    private volatile String base = "";
    private volatile AuthMode auth = AuthMode.NONE;
    private volatile String user;
    private volatile String password;

    /** Upload Locations as paths ({@code /v2/…?_state=…}), as GHCR sends them, instead of absolute URLs. */
    public volatile boolean relativeLocations;
    /** The status a PATCH gets: 202 (distribution), 201 (ECR) or 204. */
    public volatile int patchStatus = 202;
    /** Whether a PATCH answer carries a Location (with a new {@code _state}). */
    public volatile boolean patchLocation = true;
    /** GCR: a 401 after the ping carries no WWW-Authenticate. */
    public volatile boolean omitChallengeAfterPing;
    /** How many of the next tokens issued the registry will refuse (as if expired). */
    public final AtomicInteger tokensToReject = new AtomicInteger();
    /** A scope a manifest GET needs besides its repository's pull (answered with insufficient_scope). */
    public volatile String extraScopeForManifestGet;
    /** Scopes whose resource the token server never grants. */
    public final Set<String> refusedRepositories = ConcurrentHashMap.newKeySet();
    /** The token server's JSON for a token. */
    public volatile Function<String, String> tokenJson = token -> "{\"token\":\"" + token + "\",\"expires_in\":300}";
    /** When set, blob GETs answer 307 to {@code blobStore + "/blobstore/<digest>"} (another host, as S3). */
    public volatile String blobStore;
    /** How many upload PATCH bodies to cut (the connection is closed halfway through the request body). */
    public final AtomicInteger patchBodiesToCut = new AtomicInteger();
    private volatile boolean cutNextRequestBody;

    /** Binds the fake to the server it runs on: absolute Locations and the bearer realm use this URL. */
    public FakeRegistry at(HttpUrl serverUrl) {
        String s = serverUrl.toString();
        base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        return this;
    }

    public FakeRegistry basicAuth(String user, String password) {
        this.auth = AuthMode.BASIC;
        this.user = user;
        this.password = password;
        return this;
    }

    /** Bearer auth; the token server takes these credentials, or anonymous requests when user is null. */
    public FakeRegistry bearerAuth(String user, String password) {
        this.auth = AuthMode.BEARER;
        this.user = user;
        this.password = password;
        return this;
    }

    public String realm() {
        return base + "/token";
    }

    // ---- faults --------------------------------------------------------------------------------------------

    /** The next {@code times} matching (authorized) requests get {@code response} and are not processed. */
    public FakeRegistry replace(Predicate<RecordedRequest> when, int times, Function<RecordedRequest, MockResponse> response) {
        faults.add(new Fault(when, new AtomicInteger(times), response, null));
        return this;
    }

    /** The next {@code times} matching requests are processed, and their answer is changed by {@code change}. */
    public FakeRegistry alter(Predicate<RecordedRequest> when, int times, UnaryOperator<MockResponse> change) {
        faults.add(new Fault(when, new AtomicInteger(times), null, change));
        return this;
    }

    public static Predicate<RecordedRequest> request(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return r -> r.getMethod().equals(method) && p.matcher(r.getUrl().encodedPath()).find();
    }

    // ---- contents ------------------------------------------------------------------------------------------

    public Digest putBlob(byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        blobs.put(d, bytes.clone());
        return d;
    }

    public Digest putManifest(String repo, String tag, String mediaType, byte[] bytes) {
        Digest d = Digest.sha256(bytes);
        manifests.put(repo + "@" + d, new Stored(bytes.clone(), mediaType));
        if (tag != null) tags.put(repo + ":" + tag, d);
        return d;
    }

    public boolean hasBlob(Digest d) {
        return blobs.containsKey(d);
    }

    public byte[] blob(Digest d) {
        return blobs.get(d);
    }

    public Map<Digest, byte[]> blobs() {
        return Map.copyOf(blobs);
    }

    /** The manifest bytes a tag or digest names in a repository, or null. */
    public byte[] manifest(String repo, String reference) {
        Stored s = resolve(repo, reference);
        return s == null ? null : s.bytes();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public long count(String method, String pathPart) {
        return seen.stream().filter(s -> s.is(method, pathPart)).count();
    }

    /** One line per request answered: method, path and query, status; for assertion messages. */
    public String summary() {
        StringBuilder sb = new StringBuilder("requests:");
        for (Seen s : seen) {
            sb.append("\n  ").append(s.method()).append(' ').append(s.path())
                    .append(s.url().encodedQuery() == null ? "" : "?" + s.url().encodedQuery())
                    .append(" -> ").append(s.status());
        }
        return sb.toString();
    }

    public List<TokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    // ---- dispatch ------------------------------------------------------------------------------------------

    /** Consulted by MockWebServer before it reads a request body: used to cut an upload's PATCH halfway. */
    @Override
    public MockResponse peek() {
        if (cutNextRequestBody) {
            return new MockResponse.Builder().onRequestBody(new SocketEffect.CloseSocket()).build();
        }
        return super.peek();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse response;
        if (request.getFailure() != null) {
            response = error(400, "BAD_REQUEST", "incomplete request");
        } else {
            response = answer(request);
        }
        if (request.getMethod().equals("HEAD") && response.getBody() != null) {
            // headers only: MockWebServer would write the body, and the client would read it as the next status line
            response = new MockResponse.Builder().code(response.getCode()).headers(response.getHeaders()).build();
        }
        // The POST that opens an upload arms the cut of the PATCH that follows it (parallelism 1 assumed).
        cutNextRequestBody = request.getFailure() == null && request.getMethod().equals("POST")
                && UPLOADS.matcher(request.getUrl().encodedPath()).matches()
                && request.getUrl().queryParameter("mount") == null
                && patchBodiesToCut.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        seen.add(new Seen(request.getMethod(), request.getUrl(), request.getHeaders(), response.getCode(), response.getHeaders()));
        return response;
    }

    private MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        if (path.equals("/token")) return token(request);
        boolean ping = path.equals("/v2/") || path.equals("/v2");
        MockResponse denied = authorize(request, ping);
        if (denied != null) return denied;
        UnaryOperator<MockResponse> alteration = null;
        for (Fault f : faults) {
            if (f.when().test(request) && f.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (f.replacement() != null) return f.replacement().apply(request);
                alteration = f.alteration();
                break;
            }
        }
        MockResponse response = route(request, ping);
        return alteration == null ? response : alteration.apply(response);
    }

    private MockResponse route(RecordedRequest request, boolean ping) {
        String method = request.getMethod();
        HttpUrl url = request.getUrl();
        String path = url.encodedPath();
        if (ping) return json(200, "{}").build();
        Matcher m;
        if ((m = UPLOAD.matcher(path)).matches()) return upload(request, m.group(1), m.group(2));
        if ((m = UPLOADS.matcher(path)).matches() && method.equals("POST")) return startUpload(request, m.group(1));
        if ((m = BLOB.matcher(path)).matches() && (method.equals("GET") || method.equals("HEAD"))) {
            Digest d = Digest.parse(m.group(2));
            byte[] bytes = blobs.get(d);
            if (bytes == null) return error(404, "BLOB_UNKNOWN", "blob unknown to registry");
            if (method.equals("GET") && blobStore != null) {
                return new MockResponse.Builder().code(307)
                        .addHeader("Location", blobStore + "/blobstore/" + d + "?X-Amz-Signature=f00d").build();
            }
            return content(method, bytes, "application/octet-stream", d);
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            String repo = m.group(1);
            String reference = m.group(2);
            if (method.equals("PUT")) return putManifest(request, repo, reference);
            if (method.equals("GET") || method.equals("HEAD")) {
                Stored s = resolve(repo, reference);
                if (s == null) return error(404, "MANIFEST_UNKNOWN", "manifest unknown");
                return content(method, s.bytes(), s.mediaType(), Digest.sha256(s.bytes()));
            }
        }
        return error(405, "UNSUPPORTED", "the operation is unsupported");
    }

    private Stored resolve(String repo, String reference) {
        Digest d = Digest.isDigest(reference) ? Digest.parse(reference) : tags.get(repo + ":" + reference);
        return d == null ? null : manifests.get(repo + "@" + d);
    }

    private MockResponse startUpload(RecordedRequest request, String repo) {
        String mount = request.getUrl().queryParameter("mount");
        if (mount != null && Digest.isDigest(mount) && blobs.containsKey(Digest.parse(mount))
                && request.getUrl().queryParameter("from") != null) {
            return new MockResponse.Builder().code(201).addHeader("Location", "/v2/" + repo + "/blobs/" + mount)
                    .addHeader("Docker-Content-Digest", mount).build();
        }
        String uuid = "u" + counter.incrementAndGet();
        uploads.put(uuid, new ByteArrayOutputStream());
        return new MockResponse.Builder().code(202)
                .addHeader("Location", uploadLocation(repo, uuid, "abc"))
                .addHeader("Docker-Upload-UUID", uuid)
                .addHeader("Range", "0-0").build();
    }

    /** A Location for an upload session with a fresh {@code _state} (prefix + counter) that the next step must echo. */
    private String uploadLocation(String repo, String uuid, String statePrefix) {
        String state = statePrefix + "-" + counter.incrementAndGet();
        uploadStates.put(uuid, state);
        String path = "/v2/" + repo + "/blobs/uploads/" + uuid + "?_state=" + state;
        return relativeLocations ? path : base + path;
    }

    private MockResponse upload(RecordedRequest request, String repo, String uuid) {
        ByteArrayOutputStream data = uploads.get(uuid);
        if (data == null) return error(404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry");
        String state = request.getUrl().queryParameter("_state");
        if (!uploadStates.get(uuid).equals(state)) {
            return error(400, "BLOB_UPLOAD_INVALID", "blob upload invalid: stale or missing _state " + state);
        }
        ByteString body = request.getBody();
        synchronized (data) {
            if (body != null) data.writeBytes(body.toByteArray());
        }
        switch (request.getMethod()) {
            case "PATCH" -> {
                MockResponse.Builder b = new MockResponse.Builder().code(patchStatus)
                        .addHeader("Range", "0-" + Math.max(0, data.size() - 1))
                        .addHeader("Docker-Upload-UUID", uuid);
                if (patchLocation) b.addHeader("Location", uploadLocation(repo, uuid, "def"));
                return b.build();
            }
            case "PUT" -> {
                String digest = request.getUrl().queryParameter("digest");
                byte[] bytes = data.toByteArray();
                if (digest == null || !Digest.isDigest(digest) || !Digest.sha256(bytes).toString().equals(digest)) {
                    return error(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
                }
                uploads.remove(uuid);
                Digest d = putBlob(bytes);
                return new MockResponse.Builder().code(201).addHeader("Location", "/v2/" + repo + "/blobs/" + d)
                        .addHeader("Docker-Content-Digest", d.toString()).build();
            }
            default -> {
                return error(405, "UNSUPPORTED", "the operation is unsupported");
            }
        }
    }

    private MockResponse putManifest(RecordedRequest request, String repo, String reference) {
        byte[] bytes = request.getBody() == null ? new byte[0] : request.getBody().toByteArray();
        String type = request.getHeaders().get("Content-Type");
        if (type != null && type.contains(";")) type = type.substring(0, type.indexOf(';')).trim();
        JsonNode root;
        try {
            root = Json.parseObject(bytes, "manifest");
        } catch (RuntimeException e) {
            return error(400, "MANIFEST_INVALID", "manifest invalid");
        }
        List<JsonNode> refs = new ArrayList<>();
        if (root.has("config")) refs.add(root.get("config"));
        root.path("layers").forEach(refs::add);
        for (JsonNode ref : refs) {
            if (!blobs.containsKey(Digest.parse(ref.path("digest").asText()))) {
                return error(400, "MANIFEST_BLOB_UNKNOWN", "blob unknown to registry");
            }
        }
        Digest d = Digest.sha256(bytes);
        if (Digest.isDigest(reference) && !Digest.parse(reference).equals(d)) {
            return error(400, "DIGEST_INVALID", "provided digest did not match uploaded content");
        }
        putManifest(repo, Digest.isDigest(reference) ? null : reference, type, bytes);
        return new MockResponse.Builder().code(201).addHeader("Docker-Content-Digest", d.toString())
                .addHeader("Location", "/v2/" + repo + "/manifests/" + d).build();
    }

    private static MockResponse content(String method, byte[] bytes, String type, Digest digest) {
        MockResponse.Builder b = new MockResponse.Builder().code(200)
                .addHeader("Content-Type", type).addHeader("Docker-Content-Digest", digest.toString());
        if (method.equals("HEAD")) return b.setHeader("Content-Length", bytes.length).build();
        return b.body(new Buffer().write(bytes)).build();
    }

    // ---- auth ----------------------------------------------------------------------------------------------

    private String challenge() {
        return auth == AuthMode.BASIC ? "Basic realm=\"fake\""
                : "Bearer realm=\"" + realm() + "\",service=\"fake-registry\"";
    }

    /** Null when the request may go on, else the 401 it gets. */
    private MockResponse authorize(RecordedRequest request, boolean ping) {
        if (auth == AuthMode.NONE) return null;
        String header = request.getHeaders().get("Authorization");
        boolean ok;
        String missingScope = null;
        if (auth == AuthMode.BASIC) {
            ok = Credentials.basic(user, password, StandardCharsets.UTF_8).equals(header);
        } else {
            String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
            Set<String> granted = token == null || rejectedTokens.contains(token) ? null : tokenGrants.get(token);
            ok = granted != null;
            if (ok && !ping) {
                for (String need : needed(request)) {
                    if (!granted.contains(need)) missingScope = need;
                }
                ok = missingScope == null;
            }
        }
        if (ok) return null;
        MockResponse.Builder b = json(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        if (missingScope != null) {
            String[] parts = missingScope.split(":");
            b.addHeader("WWW-Authenticate", "Bearer realm=\"" + realm() + "\",service=\"fake-registry\",scope=\"repository:"
                    + parts[0] + ":" + parts[1] + "\",error=\"insufficient_scope\"");
        } else if (ping || !omitChallengeAfterPing) {
            b.addHeader("WWW-Authenticate", challenge());
        }
        return b.build();
    }

    /** The {@code repo:action} grants a request needs. */
    private Set<String> needed(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        Set<String> needs = new LinkedHashSet<>();
        Matcher m = Pattern.compile("/v2/(.+)/(blobs|manifests)/").matcher(path);
        if (!m.find()) return needs;
        String repo = m.group(1);
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        needs.add(repo + ":" + (read ? "pull" : "push"));
        String from = request.getUrl().queryParameter("from");
        if (from != null) needs.add(from + ":pull");
        String extra = extraScopeForManifestGet;
        if (extra != null && read && path.contains("/manifests/")) {
            String[] parts = extra.split(":");
            needs.add(parts[1] + ":" + parts[2]);
        }
        return needs;
    }

    private MockResponse token(RecordedRequest request) {
        String header = request.getHeaders().get("Authorization");
        List<String> scopes = request.getUrl().queryParameterValues("scope").stream()
                .filter(s -> s != null).toList();
        tokenRequests.add(new TokenRequest(scopes, header));
        if (user != null && header != null && !Credentials.basic(user, password, StandardCharsets.UTF_8).equals(header)) {
            return json(401, "{\"details\":\"incorrect username or password\"}").build();
        }
        Set<String> grants = new LinkedHashSet<>();
        for (String scope : scopes) {
            for (String one : scope.split(" ")) {
                String[] parts = one.split(":");
                if (parts.length != 3 || refusedRepositories.contains(parts[1])) continue;
                if (user != null && header == null && !parts[2].equals("pull")) continue; // anonymous: pull only
                for (String action : parts[2].split(",")) grants.add(parts[1] + ":" + action);
            }
        }
        String token = "tok-" + counter.incrementAndGet();
        tokenGrants.put(token, grants);
        if (tokensToReject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) rejectedTokens.add(token);
        return json(200, tokenJson.apply(token)).build();
    }

    // ---- a plain-HTTP server that refuses TLS at once -------------------------------------------------------

    /**
     * A MockWebServer that answers a TLS ClientHello on its plain-HTTP port with a 400 at once, as Go's net/http
     * (and so a real registry) does. MockWebServer alone would wait for a request line that never ends, and the
     * client's first (https) ping of an insecure registry would hang until its read timeout.
     */
    public static MockWebServer newServer() {
        MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new TlsRefusingServerSocketFactory());
        return server;
    }

    private static final class TlsRefusingServerSocketFactory extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new TlsRefusingServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return createServerSocket(port, 50, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return createServerSocket(port, backlog, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            ServerSocket s = new TlsRefusingServerSocket();
            s.bind(new InetSocketAddress(address, port), backlog);
            return s;
        }
    }

    private static final class TlsRefusingServerSocket extends ServerSocket {
        TlsRefusingServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket s = new TlsRefusingSocket();
            implAccept(s);
            return s;
        }
    }

    private static final class TlsRefusingSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) in = new FirstByteCheck(super.getInputStream());
            return in;
        }

        /** On the first read: a TLS handshake record (0x16) gets "400 Bad Request" and the connection closed. */
        private final class FirstByteCheck extends PushbackInputStream {
            private boolean checked;
            private boolean refused;

            FirstByteCheck(InputStream in) {
                super(in, 1);
            }

            private boolean refused() throws IOException {
                if (!checked) {
                    checked = true;
                    int first = super.read();
                    if (first == 0x16) {
                        refused = true;
                        getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        getOutputStream().flush();
                        shutdownOutput();
                    } else if (first >= 0) {
                        unread(first);
                    }
                }
                return refused;
            }

            @Override
            public int read() throws IOException {
                return refused() ? -1 : super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return refused() ? -1 : super.read(b, off, len);
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static MockResponse.Builder json(int code, String body) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body);
    }

    private static MockResponse error(int code, String errorCode, String message) {
        return json(code, "{\"errors\":[{\"code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}]}").build();
    }

    @Override
    public String toString() {
        return "FakeRegistry" + Arrays.asList(base, auth);
    }
}
