package dev.stowage.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stowage.image.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The token server of a {@link RegistryServer#token token-auth registry}: the realm of the registry's
 * {@code Bearer} challenge, issuing JWTs the way Docker Hub, GHCR and ACR do
 * (<a href="https://distribution.github.io/distribution/spec/auth/token/">token spec</a>,
 * <a href="https://distribution.github.io/distribution/spec/auth/oauth/">OAuth2 spec</a>).
 *
 * <p>Endpoint {@code /token}:
 * <ul>
 * <li>{@code GET ?service=S&scope=T:NAME:ACTIONS&scope=...[&offline_token=true&client_id=C]}, with HTTP Basic
 * credentials or none (anonymous). Each {@code scope} parameter may also hold several space-separated scopes.
 * Answers {@code {"token","access_token","expires_in","issued_at"[,"refresh_token"]}}; a refresh token only for
 * {@code offline_token=true} by an authenticated user.</li>
 * <li>{@code POST} form ({@code application/x-www-form-urlencoded}) with {@code grant_type=password}
 * ({@code username}, {@code password}) or {@code grant_type=refresh_token} ({@code refresh_token}), plus
 * {@code service}, {@code client_id} (required) and {@code scope} (space-separated), {@code access_type=offline}
 * for a refresh token on the password grant. Answers
 * {@code {"access_token","scope","expires_in","issued_at"[,"refresh_token"]}} (no {@code "token"} field, as in the
 * OAuth2 spec). The refresh-token grant answers the same refresh token again (it is an identity token: it does not
 * rotate and does not expire while the server runs).</li>
 * </ul>
 * Errors: unknown user, wrong password or unknown refresh token → 401 with
 * {@code WWW-Authenticate: Basic realm="..."}; a {@code service} other than the registry's, a missing
 * {@code client_id} on POST or a bad {@code grant_type} → 400. Error bodies carry both the registry error shape and
 * the OAuth2 one: {@code {"errors":[{"code":"UNAUTHORIZED","message":...}],"error":"invalid_grant","error_description":...}}.
 *
 * <p>Tokens: RS256 JWTs whose header holds {@code x5c} (the signing certificate, base64 DER — the same certificate is
 * the registry's {@code rootcertbundle}) and {@code kid} (the libtrust fingerprint of its key); claims {@code iss},
 * {@code sub} (the user, {@code ""} for anonymous), {@code aud} (the service, a string), {@code exp}, {@code nbf},
 * {@code iat}, {@code jti} and {@code access}: one entry per requested resource with the requested actions that are
 * granted (resources with no granted action are left out).
 *
 * <p>Grants: see {@link RegistryServer#token}.
 */
public final class TokenServer implements AutoCloseable {
    /** The key of {@code grants} for requests without credentials. */
    public static final String ANONYMOUS = "";

    /** How long issued access tokens live, in seconds ({@code expires_in}). */
    public static final int EXPIRES_IN = 300;

    /** How far past {@code exp} (and before {@code nbf}) distribution 2.8 still accepts a token. */
    private static final Duration REGISTRY_LEEWAY = Duration.ofSeconds(60);

    /**
     * One request to the token endpoint, recorded in arrival order.
     *
     * @param method    GET or POST
     * @param grantType for POST the {@code grant_type} ({@code password}, {@code refresh_token}); null for GET
     * @param user      the user the request claimed (Basic user, {@code username}, or the owner of the refresh token);
     *                  null when anonymous or when the refresh token is unknown
     * @param service   the {@code service} parameter
     * @param scopes    the requested scopes, as sent ({@code repository:a/b:pull,push})
     * @param granted   the scopes granted, in the same form, only those with at least one action
     * @param status    the HTTP status answered
     * @param offline   whether a refresh token was asked for ({@code offline_token=true} or {@code access_type=offline})
     */
    public record TokenRequest(String method, String grantType, String user, String service, List<String> scopes,
                               List<String> granted, int status, boolean offline) {
        public boolean succeeded() {
            return status == 200;
        }
    }

    private final String service;
    private final String issuer;
    private final Map<String, String> passwords;
    private final List<Grant> grants = new ArrayList<>();
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String keyId;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private volatile Duration acceptedFor;

    /** A grant entry, parsed: {@code [TYPE:]GLOB:ACTIONS}. */
    private record Grant(String user, String type, Pattern name, Set<String> actions) {
        static Grant parse(String user, String spec) {
            int last = spec.lastIndexOf(':');
            if (last <= 0 || last == spec.length() - 1) {
                throw new IllegalArgumentException("grant must be [TYPE:]GLOB:ACTIONS, got " + spec);
            }
            String resource = spec.substring(0, last);
            Set<String> actions = new LinkedHashSet<>(List.of(spec.substring(last + 1).split(",")));
            int first = resource.indexOf(':');
            String type = first < 0 ? "repository" : resource.substring(0, first);
            String glob = first < 0 ? resource : resource.substring(first + 1);
            StringBuilder regex = new StringBuilder();
            for (String part : glob.split("\\*", -1)) {
                if (!regex.isEmpty()) regex.append(".*");
                regex.append(Pattern.quote(part));
            }
            return new Grant(user, type, Pattern.compile(regex.toString()), actions);
        }
    }

    /** A requested scope: {@code TYPE:NAME:ACTIONS}, the name may hold colons. */
    private record Scope(String type, String name, List<String> actions) {
        static Scope parse(String scope) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first) return null;
            List<String> actions = new ArrayList<>();
            for (String a : scope.substring(last + 1).split(",")) if (!a.isEmpty()) actions.add(a);
            return new Scope(scope.substring(0, first), scope.substring(first + 1, last), actions);
        }

        @Override
        public String toString() {
            return type + ":" + name + ":" + String.join(",", actions);
        }
    }

    /**
     * Starts a token server on 127.0.0.1 and a free port.
     *
     * @param keyPem  the PKCS#8 PEM private key that signs tokens
     * @param certPem the PEM certificate of that key (the registry's rootcertbundle)
     */
    TokenServer(String service, String issuer, Map<String, String> passwords, Map<String, Set<String>> grants,
                Path keyPem, Path certPem) throws IOException, GeneralSecurityException {
        this(service, issuer, passwords, grants, keyPem, certPem, null);
    }

    /** As {@link #TokenServer(String, String, Map, Map, Path, Path)}, over HTTPS with {@code tls} when it is not null. */
    TokenServer(String service, String issuer, Map<String, String> passwords, Map<String, Set<String>> grants,
                Path keyPem, Path certPem, javax.net.ssl.SSLContext tls) throws IOException, GeneralSecurityException {
        this.service = service;
        this.issuer = issuer;
        this.passwords = Map.copyOf(passwords);
        grants.forEach((user, specs) -> specs.forEach(spec -> this.grants.add(Grant.parse(user, spec))));
        this.key = readPrivateKey(keyPem);
        try (InputStream in = Files.newInputStream(certPem)) {
            this.certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        this.keyId = libtrustKeyId(certificate.getPublicKey());
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "token-server");
            t.setDaemon(true);
            return t;
        });
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.server = HttpServer.create(address, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            this.server = https;
        }
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** The realm: {@code http://127.0.0.1:PORT/token} ({@code https} when it serves TLS). */
    public URI realm() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    public String service() {
        return service;
    }

    public String issuer() {
        return issuer;
    }

    /** The token requests so far, oldest first. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /**
     * Mints a token without any grant check, e.g. to test how a client handles tokens it did not ask for.
     * A negative lifetime makes an expired token; distribution 2.8 allows 60 s of clock skew on {@code exp} and
     * {@code nbf}, so it refuses a token only once it expired more than a minute ago.
     *
     * @param scopes {@code TYPE:NAME:ACTIONS} strings put as-is into the {@code access} claim
     */
    public String mint(String subject, List<String> scopes, Duration lifetime) {
        List<Scope> access = new ArrayList<>();
        for (String s : scopes) {
            Scope scope = Scope.parse(s);
            if (scope == null) throw new IllegalArgumentException("bad scope " + s);
            access.add(scope);
        }
        return jwt(subject, access, Instant.now(), lifetime);
    }

    /**
     * Makes later tokens short-lived: {@code expires_in} says {@code lifetime}, and their {@code exp} lies the
     * registry's 60 s leeway earlier, so that distribution refuses them (401 {@code invalid_token}) once
     * {@code lifetime} has passed — a token that expires in the middle of a push. Null goes back to
     * {@link #EXPIRES_IN}.
     */
    public void acceptedFor(Duration lifetime) {
        this.acceptedFor = lifetime;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (method.equals("GET")) {
                get(exchange);
            } else if (method.equals("POST")) {
                post(exchange);
            } else {
                exchange.getResponseHeaders().add("Allow", "GET, POST");
                error(exchange, 405, "UNSUPPORTED", "invalid_request", "method " + method + " not allowed");
            }
        } catch (RuntimeException e) {
            // never leave a client hanging on a bug of the fixture
            e.printStackTrace();
            throw e;
        }
    }

    private void get(HttpExchange exchange) throws IOException {
        Map<String, List<String>> query = parseForm(exchange.getRequestURI().getRawQuery());
        String svc = first(query, "service");
        List<String> scopes = new ArrayList<>();
        for (String s : query.getOrDefault("scope", List.of())) {
            for (String part : s.split(" ")) if (!part.isEmpty()) scopes.add(part);
        }
        boolean offline = "true".equalsIgnoreCase(first(query, "offline_token"));

        String user = null;
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            user = colon < 0 ? decoded : decoded.substring(0, colon);
            String password = colon < 0 ? "" : decoded.substring(colon + 1);
            if (!password.equals(passwords.get(user)) || user.isEmpty()) {
                record("GET", null, user, svc, scopes, List.of(), 401, offline);
                unauthorized(exchange, "invalid username or password");
                return;
            }
        }
        if (!serviceOk(exchange, "GET", null, user, svc, scopes, offline)) return;
        String refresh = offline && user != null ? newRefreshToken(user) : null;
        issue(exchange, "GET", null, user, svc, scopes, refresh, offline, true);
    }

    private void post(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> form = parseForm(body);
        String grantType = first(form, "grant_type");
        String svc = first(form, "service");
        List<String> scopes = new ArrayList<>();
        for (String s : form.getOrDefault("scope", List.of())) {
            for (String part : s.split(" ")) if (!part.isEmpty()) scopes.add(part);
        }
        boolean offline = "offline".equals(first(form, "access_type"));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            record("POST", grantType, null, svc, scopes, List.of(), 400, offline);
            error(exchange, 400, "UNSUPPORTED", "invalid_request", "expected an application/x-www-form-urlencoded body");
            return;
        }
        if (first(form, "client_id") == null || first(form, "client_id").isEmpty()) {
            record("POST", grantType, null, svc, scopes, List.of(), 400, offline);
            error(exchange, 400, "UNSUPPORTED", "invalid_request", "client_id is required");
            return;
        }
        String user;
        String refresh;
        if ("password".equals(grantType)) {
            user = first(form, "username");
            String password = first(form, "password");
            if (user == null || user.isEmpty() || password == null || !password.equals(passwords.get(user))) {
                record("POST", grantType, user, svc, scopes, List.of(), 401, offline);
                unauthorized(exchange, "invalid username or password");
                return;
            }
            refresh = offline ? newRefreshToken(user) : null;
        } else if ("refresh_token".equals(grantType)) {
            refresh = first(form, "refresh_token");
            user = refresh == null ? null : refreshTokens.get(refresh);
            if (user == null) {
                record("POST", grantType, null, svc, scopes, List.of(), 401, offline);
                unauthorized(exchange, "invalid refresh token");
                return;
            }
        } else {
            record("POST", grantType, null, svc, scopes, List.of(), 400, offline);
            error(exchange, 400, "UNSUPPORTED", "unsupported_grant_type", "unsupported grant_type " + grantType);
            return;
        }
        if (!serviceOk(exchange, "POST", grantType, user, svc, scopes, offline)) return;
        issue(exchange, "POST", grantType, user, svc, scopes, refresh, offline, false);
    }

    private boolean serviceOk(HttpExchange exchange, String method, String grantType, String user, String svc,
                              List<String> scopes, boolean offline) throws IOException {
        if (svc == null || svc.equals(service)) return true;
        record(method, grantType, user, svc, scopes, List.of(), 400, offline);
        error(exchange, 400, "DENIED", "invalid_request", "unknown service " + svc + ", this server serves " + service);
        return false;
    }

    private void issue(HttpExchange exchange, String method, String grantType, String user, String svc,
                       List<String> scopes, String refresh, boolean offline, boolean tokenField) throws IOException {
        List<Scope> granted = new ArrayList<>();
        for (String s : scopes) {
            Scope requested = Scope.parse(s);
            if (requested == null) {
                record(method, grantType, user, svc, scopes, List.of(), 400, offline);
                error(exchange, 400, "UNSUPPORTED", "invalid_scope", "malformed scope " + s);
                return;
            }
            Scope allowed = allow(user == null ? ANONYMOUS : user, requested);
            if (!allowed.actions().isEmpty()) granted.add(allowed);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Duration shortLife = acceptedFor;
        Duration lifetime = shortLife == null ? Duration.ofSeconds(EXPIRES_IN) : shortLife.minus(REGISTRY_LEEWAY);
        String token = jwt(user == null ? "" : user, granted, now, lifetime);
        ObjectNode body = Json.object();
        if (tokenField) body.put("token", token);
        body.put("access_token", token);
        body.put("expires_in", shortLife == null ? EXPIRES_IN : shortLife.toSeconds());
        body.put("issued_at", now.toString());
        if (!tokenField) body.put("scope", String.join(" ", granted.stream().map(Scope::toString).toList()));
        if (refresh != null) body.put("refresh_token", refresh);
        record(method, grantType, user, svc, scopes, granted.stream().map(Scope::toString).toList(), 200, offline);
        send(exchange, 200, Json.bytes(body));
    }

    /** The requested actions on {@code requested} that {@code user}'s grants allow, in requested order. */
    private Scope allow(String user, Scope requested) {
        Set<String> allowed = new LinkedHashSet<>();
        for (Grant grant : grants) {
            if (!grant.user().equals(user) || !grant.type().equals(requested.type())) continue;
            if (!grant.name().matcher(requested.name()).matches()) continue;
            for (String action : requested.actions()) {
                if (grant.actions().contains("*") || grant.actions().contains(action)) allowed.add(action);
            }
        }
        List<String> actions = requested.actions().stream().filter(allowed::contains).distinct().toList();
        return new Scope(requested.type(), requested.name(), actions);
    }

    private String newRefreshToken(String user) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        refreshTokens.put(token, user);
        return token;
    }

    private void record(String method, String grantType, String user, String svc, List<String> scopes,
                        List<String> granted, int status, boolean offline) {
        requests.add(new TokenRequest(method, grantType, user, svc, List.copyOf(scopes), List.copyOf(granted), status, offline));
    }

    private void unauthorized(HttpExchange exchange, String message) throws IOException {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + realm() + "\"");
        error(exchange, 401, "UNAUTHORIZED", "invalid_grant", message);
    }

    private static void error(HttpExchange exchange, int status, String code, String oauthError, String message)
            throws IOException {
        ObjectNode body = Json.object();
        ArrayNode errors = body.putArray("errors");
        errors.addObject().put("code", code).put("message", message);
        body.put("error", oauthError);
        body.put("error_description", message);
        send(exchange, status, Json.bytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, List<String>> parseForm(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return params;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    // ---------------------------------------------------------------- JWT

    private String jwt(String subject, List<Scope> access, Instant now, Duration lifetime) {
        try {
            ObjectNode header = Json.object();
            header.put("typ", "JWT");
            header.put("alg", "RS256");
            header.put("kid", keyId);
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            ObjectNode claims = Json.object();
            claims.put("iss", issuer);
            claims.put("sub", subject);
            claims.put("aud", service);
            claims.put("exp", now.plus(lifetime).getEpochSecond());
            claims.put("nbf", now.getEpochSecond());
            claims.put("iat", now.getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            ArrayNode list = claims.putArray("access");
            for (Scope scope : access) {
                ObjectNode entry = list.addObject();
                entry.put("type", scope.type());
                entry.put("name", scope.name());
                ArrayNode actions = entry.putArray("actions");
                scope.actions().forEach(actions::add);
            }
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(Json.bytes(header)) + "." + b64.encodeToString(Json.bytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey readPrivateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(pem + " is not a PKCS#8 PEM private key");
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /**
     * The libtrust key ID distribution uses to look up {@code kid}: SHA-256 of the DER SubjectPublicKeyInfo,
     * first 240 bits, base32, in 12 colon-separated groups of 4.
     */
    static String libtrustKeyId(PublicKey key) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        String b32 = base32(java.util.Arrays.copyOf(hash, 30));
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < b32.length(); i += 4) {
            if (i > 0) id.append(':');
            id.append(b32, i, i + 4);
        }
        return id.toString();
    }

    private static String base32(byte[] data) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        return out.toString();
    }
}
