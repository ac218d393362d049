package dev.stowage.testing;

import dev.stowage.image.Json;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real registry (distribution 2.8, Debian's {@code docker-registry}) started for a test, in one of four modes:
 * {@link #plain plain HTTP}, {@link #tlsBasic HTTPS with basic auth}, {@link #token bearer-token auth} with a
 * {@link TokenServer} in this JVM, and {@link #tokenTls the same over HTTPS}. Deletion is enabled; {@link
 * #restart(boolean)} turns it off. Everything lives in the given work dir: the config ({@code config.yml}), the
 * storage ({@code storage/}), certificates and keys, and the registry's log ({@code registry.log}).
 *
 * <p>The registry logs at {@code warn}; {@code -Dstowage.registry.logLevel=info} (or {@code debug}) logs more, e.g.
 * why a token was refused: distribution 2.8 logs those reasons at info and answers only 401 {@code invalid_token}.
 *
 * <p>The tools it needs ({@code docker-registry}, {@code openssl}, {@code htpasswd}) are checked with
 * {@link Tools#require}: missing, the test fails under CI=true and is skipped elsewhere.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.plain(tmp)) {
 *     Tools.run(tmp, "skopeo", "copy", "docker-archive:x.tar", "docker://" + registry.host() + "/a/b:t", "--dest-tls-verify=false");
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {
    /** The key of {@code grants} in {@link #token} for requests without credentials. */
    public static final String ANONYMOUS = TokenServer.ANONYMOUS;
    /** The {@code service} of token mode: the {@code aud} of its tokens. */
    public static final String SERVICE = "stowage-test-registry";
    /** The {@code issuer} of token mode: the {@code iss} of its tokens. */
    public static final String ISSUER = "stowage-test-token-server";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Path workDir;
    private final boolean tls;
    private final Path caCert;
    private final X509TrustManager trustManager;
    private final SSLContext sslContext;
    private final TokenServer tokenServer;
    private final OkHttpClient client;
    private Process process;
    private int port;
    private String modeConfig;
    private boolean deleteEnabled = true;
    private Thread shutdownHook;

    private RegistryServer(Path workDir, Path caCert, TokenServer tokenServer) {
        this.workDir = workDir;
        this.tls = caCert != null;
        this.caCert = caCert;
        this.tokenServer = tokenServer;
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(30));
        if (tls) {
            this.trustManager = trustManagerFor(caCert);
            try {
                this.sslContext = SSLContext.getInstance("TLS");
                sslContext.init(null, new TrustManager[]{trustManager}, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            builder.sslSocketFactory(sslContext.getSocketFactory(), trustManager);
        } else {
            this.trustManager = null;
            this.sslContext = null;
        }
        this.client = builder.build();
    }

    // ---------------------------------------------------------------- factories

    /** HTTP, no auth, on 127.0.0.1 and a free port. */
    public static RegistryServer plain(Path workDir) throws IOException, InterruptedException {
        Tools.require("docker-registry");
        Files.createDirectories(workDir);
        RegistryServer server = new RegistryServer(workDir, null, null);
        return server.start("");
    }

    /**
     * HTTPS with a server certificate for {@code localhost} and {@code 127.0.0.1} issued by a test CA
     * ({@link #caCert()}, also as {@code ca.crt} alone in {@link #certDir()} for skopeo/podman {@code --cert-dir}),
     * and HTTP Basic auth against a bcrypt htpasswd file holding one user.
     */
    public static RegistryServer tlsBasic(Path workDir, String user, String password) throws IOException, InterruptedException {
        Tools.require("docker-registry");
        Tools.require("openssl");
        Tools.require("htpasswd");
        Files.createDirectories(workDir);
        Path ca = makeCa(workDir);
        String tls = serverTls(workDir, ca);
        Path htpasswd = workDir.resolve("htpasswd");
        Tools.Result hashed = Tools.run(workDir, "htpasswd", "-Bbn", user, password).assertOk();
        Files.writeString(htpasswd, hashed.stdout().strip() + "\n");

        RegistryServer server = new RegistryServer(workDir, ca, null);
        return server.start(tls + """
                auth:
                  htpasswd:
                    realm: stowage-test
                    path: %s
                """.formatted(yaml(htpasswd)));
    }

    /** The server certificate of {@link #serverTls} with its key, for a server in this JVM. */
    private static SSLContext serverSslContext(Path workDir, Path ca) throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        java.security.cert.Certificate[] chain = new java.security.cert.Certificate[2];
        try (InputStream server = Files.newInputStream(workDir.resolve("server.crt")); InputStream issuer = Files.newInputStream(ca)) {
            chain[0] = x509.generateCertificate(server);
            chain[1] = x509.generateCertificate(issuer);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] none = new char[0];
        keys.setKeyEntry("server", TokenServer.readPrivateKey(workDir.resolve("server.key")), none, chain);
        javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, none);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** A server certificate for {@code localhost} and {@code 127.0.0.1} issued by the test CA: the {@code http.tls} config. */
    private static String serverTls(Path workDir, Path ca) throws IOException, InterruptedException {
        Path serverCert = workDir.resolve("server.crt");
        Path serverKey = workDir.resolve("server.key");
        openssl(workDir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", serverKey.toString(),
                "-out", "server.csr", "-subj", "/CN=localhost", "-config", "openssl.cnf");
        openssl(workDir, "x509", "-req", "-in", "server.csr", "-CA", ca.toString(), "-CAkey", "ca.key",
                "-set_serial", "0x" + Long.toHexString(System.nanoTime() & Long.MAX_VALUE), "-days", "7",
                "-out", serverCert.toString(), "-extfile", "openssl.cnf", "-extensions", "server_ext");
        return """
                  tls:
                    certificate: %s
                    key: %s
                """.formatted(yaml(serverCert), yaml(serverKey));
    }

    /**
     * HTTP with bearer-token auth ({@code auth.token}): the realm is a {@link TokenServer} on 127.0.0.1 that checks
     * HTTP Basic credentials (or the OAuth2 password/refresh-token grants) against {@code passwords} and grants
     * actions per {@code grants}; its tokens are RS256 JWTs signed by a key whose self-signed certificate
     * ({@code token.crt}) is the registry's {@code rootcertbundle}.
     *
     * <p>Grant format: {@code grants} maps a user ({@link #ANONYMOUS} = {@code ""} for requests without
     * credentials) to entries {@code [TYPE:]GLOB:ACTIONS}:
     * <ul>
     * <li>{@code TYPE} defaults to {@code repository}; {@code registry:catalog:*} allows the catalog;</li>
     * <li>{@code GLOB} matches the whole resource name, {@code *} matches any run of characters including
     * {@code /}: {@code *} is every repository, {@code team/*} is every repository under {@code team/};</li>
     * <li>{@code ACTIONS} is a comma-separated list ({@code pull,push}, {@code delete}) or {@code *} for every
     * requested action.</li>
     * </ul>
     * A token grants, per requested scope, the requested actions allowed by any entry of the user (the
     * intersection); users and anonymous requests without entries get tokens with an empty {@code access}.
     * Example: {@code Map.of("alice", Set.of("*:pull,push"), "bob", Set.of("team/*:pull"), ANONYMOUS, Set.of("public/*:pull"))}.
     */
    public static RegistryServer token(Path workDir, Map<String, String> passwords, Map<String, Set<String>> grants)
            throws IOException, InterruptedException {
        return token(workDir, passwords, grants, realm -> realm);
    }

    /**
     * {@link #token(Path, Map, Map) Token auth} whose challenge names the realm {@code realmVia} makes of the token
     * server's, e.g. the same path through a {@link FaultProxy} in front of it.
     */
    public static RegistryServer token(Path workDir, Map<String, String> passwords, Map<String, Set<String>> grants,
                                       java.util.function.UnaryOperator<URI> realmVia) throws IOException, InterruptedException {
        return token(workDir, passwords, grants, realmVia, false);
    }

    /**
     * {@link #token(Path, Map, Map) Token auth} over HTTPS: the registry and the token server present one server
     * certificate issued by a test CA as in {@link #tlsBasic} ({@link #caCert()}, {@link #certDir()}).
     */
    public static RegistryServer tokenTls(Path workDir, Map<String, String> passwords, Map<String, Set<String>> grants)
            throws IOException, InterruptedException {
        return token(workDir, passwords, grants, realm -> realm, true);
    }

    private static RegistryServer token(Path workDir, Map<String, String> passwords, Map<String, Set<String>> grants,
                                        java.util.function.UnaryOperator<URI> realmVia, boolean tls) throws IOException, InterruptedException {
        Tools.require("docker-registry");
        Tools.require("openssl");
        Files.createDirectories(workDir);
        Path ca = tls ? makeCa(workDir) : null;
        if (!tls) writeOpensslConfig(workDir);
        String tlsConfig = tls ? serverTls(workDir, ca) : "";
        Path cert = workDir.resolve("token.crt");
        Path key = workDir.resolve("token.key");
        openssl(workDir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "7", "-subj", "/CN=Stowage Test Token Signer",
                "-config", "openssl.cnf", "-extensions", "signer_ext");
        TokenServer tokens;
        try {
            tokens = new TokenServer(SERVICE, ISSUER, passwords, grants, key, cert, tls ? serverSslContext(workDir, ca) : null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        try {
            RegistryServer server = new RegistryServer(workDir, ca, tokens);
            return server.start(tlsConfig + """
                    auth:
                      token:
                        realm: %s
                        service: %s
                        issuer: %s
                        rootcertbundle: %s
                    """.formatted(yaml(realmVia.apply(tokens.realm()).toString()), yaml(SERVICE), yaml(ISSUER), yaml(cert)));
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            tokens.close();
            throw e;
        }
    }

    /**
     * Stops the registry and starts it again on the same storage and auth, with deletion ({@code
     * storage.delete.enabled}) on or off; it may listen on another port.
     */
    public RegistryServer restart(boolean deleteEnabled) throws IOException, InterruptedException {
        stopProcess();
        this.deleteEnabled = deleteEnabled;
        return start(modeConfig);
    }

    // ---------------------------------------------------------------- accessors

    /** {@code 127.0.0.1:PORT}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** {@code localhost:PORT}: the same registry by name (the TLS certificate holds both). */
    public String localhostName() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT/} or {@code https://127.0.0.1:PORT/}. */
    public URI baseUrl() {
        return URI.create((tls ? "https" : "http") + "://" + host() + "/");
    }

    public boolean tls() {
        return tls;
    }

    /** The PEM certificate of the test CA that issued the server certificate (TLS mode only). */
    public Path caCert() {
        requireTls();
        return caCert;
    }

    /** A directory holding only {@code ca.crt}, for {@code skopeo --dest-cert-dir} / {@code --cert-dir} (TLS only). */
    public Path certDir() {
        requireTls();
        return caCert.getParent();
    }

    /** A trust manager trusting only the test CA (TLS mode only). */
    public X509TrustManager trustManager() {
        requireTls();
        return trustManager;
    }

    /** An SSLContext trusting only the test CA (TLS mode only). */
    public SSLContext sslContext() {
        requireTls();
        return sslContext;
    }

    /** An OkHttp client that trusts this registry's CA in TLS mode (a plain client otherwise), no auth. */
    public OkHttpClient httpClient() {
        return client;
    }

    /** The registry's storage root ({@code storage.filesystem.rootdirectory}). */
    public Path storageDir() {
        return workDir.resolve("storage");
    }

    public Path workDir() {
        return workDir;
    }

    /** The registry's log (stdout and stderr). */
    public Path logFile() {
        return workDir.resolve("registry.log");
    }

    /** The token server (token mode only). */
    public TokenServer tokenServer() {
        if (tokenServer == null) throw new IllegalStateException("not a token-auth registry");
        return tokenServer;
    }

    /** The requests to the token server so far (token mode; empty otherwise). */
    public List<TokenServer.TokenRequest> tokenRequests() {
        return tokenServer == null ? List.of() : tokenServer.requests();
    }

    /** The token realm, {@code http://127.0.0.1:PORT/token} (token mode only). */
    public URI tokenRealm() {
        return tokenServer().realm();
    }

    @Override
    public void close() {
        try {
            stopProcess();
        } finally {
            if (tokenServer != null) tokenServer.close();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    // ---------------------------------------------------------------- process

    private RegistryServer start(String modeConfig) throws IOException, InterruptedException {
        this.modeConfig = modeConfig;
        Files.createDirectories(storageDir());
        String lastLog = "";
        try {
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                port = freePort();
                Path config = workDir.resolve("config.yml");
                Files.writeString(config, config(modeConfig));
                ProcessBuilder pb = new ProcessBuilder("docker-registry", "serve", config.toString());
                pb.directory(workDir.toFile());
                pb.redirectErrorStream(true);
                pb.redirectOutput(logFile().toFile());
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                // REGISTRY_* variables override the config file
                pb.environment().keySet().removeIf(name -> name.startsWith("REGISTRY_"));
                process = pb.start();
                shutdownHook = new Thread(process::destroyForcibly, "registry-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
                if (awaitReady()) return this;
                lastLog = Files.readString(logFile(), StandardCharsets.UTF_8);
                stopProcess();
                if (!lastLog.contains("address already in use")) break;
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            stopProcess();
            throw e;
        }
        fail("docker-registry did not start on " + baseUrl() + " (config " + workDir.resolve("config.yml")
                + "); the tail of its log:\n" + tail(lastLog, 40));
        throw new AssertionError("unreachable");
    }

    private String config(String modeConfig) {
        // modeConfig follows `http:`, so it may begin with lines indented under it (`  tls:`)
        return """
                version: 0.1
                log:
                  level: %s
                  formatter: text
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: %s
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: 127.0.0.1:%d
                  secret: stowage-test-secret
                  headers:
                    X-Content-Type-Options: [nosniff]
                %s""".formatted(System.getProperty("stowage.registry.logLevel", "warn"), yaml(storageDir()), deleteEnabled, port, modeConfig);
    }

    /** Polls {@code /v2/} until it answers 200 or 401; false if the process died or the timeout passed. */
    private boolean awaitReady() throws InterruptedException {
        OkHttpClient quick = client.newBuilder()
                .connectTimeout(Duration.ofSeconds(1)).readTimeout(Duration.ofSeconds(2)).build();
        Request request = new Request.Builder().url(baseUrl().resolve("/v2/").toString()).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) return false;
            try (Response response = quick.newCall(request).execute()) {
                if (response.code() == 200 || response.code() == 401) return true;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    private void stopProcess() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            process = null;
        }
    }

    private void requireTls() {
        if (!tls) throw new IllegalStateException("not a TLS registry");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** A YAML double-quoted scalar (JSON strings are valid YAML). */
    private static String yaml(Object value) {
        return Json.compact(com.fasterxml.jackson.databind.node.TextNode.valueOf(value.toString()));
    }

    // ---------------------------------------------------------------- certificates

    private static void writeOpensslConfig(Path workDir) throws IOException {
        Files.writeString(workDir.resolve("openssl.cnf"), """
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                CN = unused
                [ca_ext]
                basicConstraints = critical, CA:TRUE
                keyUsage = critical, keyCertSign, cRLSign
                subjectKeyIdentifier = hash
                [server_ext]
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = serverAuth
                subjectAltName = DNS:localhost, IP:127.0.0.1
                subjectKeyIdentifier = hash
                authorityKeyIdentifier = keyid
                [signer_ext]
                basicConstraints = critical, CA:FALSE
                keyUsage = critical, digitalSignature
                subjectKeyIdentifier = hash
                """);
    }

    /** A test CA: {@code ca.key} in workDir and {@code certs/ca.crt}, alone in its directory for --cert-dir. */
    private static Path makeCa(Path workDir) throws IOException, InterruptedException {
        writeOpensslConfig(workDir);
        Path certs = Files.createDirectories(workDir.resolve("certs"));
        Path caCert = certs.resolve("ca.crt");
        openssl(workDir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
                "-out", caCert.toString(), "-days", "7", "-subj", "/CN=Stowage Test CA",
                "-config", "openssl.cnf", "-extensions", "ca_ext");
        return caCert;
    }

    private static void openssl(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Tools.run(workDir, command).assertOk();
    }

    private static X509TrustManager trustManagerFor(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("stowage-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) return x509;
            }
            throw new IllegalStateException("no X509TrustManager");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
