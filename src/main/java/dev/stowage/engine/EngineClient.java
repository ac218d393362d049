package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Json;
import okhttp3.ConnectionPool;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to one engine's API (Docker Engine API or Podman's compatible one) through OkHttp, over a Unix socket
 * ({@link UnixSocket}) or TCP (optionally TLS with DOCKER_CERT_PATH's certificates). The API version is
 * negotiated on first use: {@code /_ping} and {@code /version}, then the lower of the engine's version and
 * {@link #MAX_API}. Every failure becomes an {@link EngineException} with one line for the user: not running,
 * permission denied, or the engine's own error message.
 */
public final class EngineClient implements AutoCloseable {
    /** The newest Engine API version this client speaks. */
    public static final String MAX_API = "1.43";
    /** The oldest it accepts (Docker 1.13 / Podman 2). */
    public static final String MIN_API = "1.25";
    private static final long MAX_ERROR_BODY = 64 << 10;
    private static final long MAX_DOCUMENT = 64L << 20;

    private final EngineEndpoint endpoint;
    private final OkHttpClient http;
    private volatile EngineInfo info;
    /** Calls whose answer may still be streaming (OkHttp forgets a call once its headers arrived); weak, so finished ones go. */
    private final java.util.Set<okhttp3.Call> calls = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    public EngineClient(EngineEndpoint endpoint) {
        this(endpoint, Duration.ofSeconds(10));
    }

    public EngineClient(EngineEndpoint endpoint, Duration connectTimeout) {
        this.endpoint = endpoint;
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)        // a push may be silent for minutes
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS));
        if (endpoint.tls() == null) {
            // plain HTTP only: OkHttp then never sets up TLS (loading the system trust store costs ~0.2 s of a CLI call)
            b.connectionSpecs(List.of(okhttp3.ConnectionSpec.CLEARTEXT));
        }
        if (endpoint.isUnix()) {
            b.socketFactory(new UnixSocketFactory(endpoint.socketPath()));
            b.dns(new Dns() {
                @Override
                public List<InetAddress> lookup(String hostname) throws UnknownHostException {
                    return List.of(InetAddress.getByAddress(hostname, new byte[]{127, 0, 0, 1}));
                }
            });
        } else if (endpoint.tls() != null) {
            EngineTls tls = EngineTls.of(endpoint.tls());
            b.sslSocketFactory(tls.socketFactory(), tls.trustManager());
            if (!endpoint.tls().verify()) b.hostnameVerifier((host, session) -> true);
        }
        this.http = b.build();
    }

    public EngineEndpoint endpoint() {
        return endpoint;
    }

    /** The engine's identity and the negotiated API version (asked once). */
    public EngineInfo info() {
        EngineInfo i = info;
        if (i == null) {
            synchronized (this) {
                if (info == null) info = new VersionNegotiation(this).negotiate();
                i = info;
            }
        }
        return i;
    }

    /** Cancels every request in flight, answers still streaming included (a push, pull, save or load on another thread). */
    public void cancelAll() {
        List<okhttp3.Call> open;
        synchronized (calls) {
            open = List.copyOf(calls);
            calls.clear();
        }
        open.forEach(okhttp3.Call::cancel);
        http.dispatcher().cancelAll();
    }

    /** A request path with the negotiated version: {@code /v1.41/images/json}. */
    String versioned(String path) {
        return "/v" + info().apiVersion() + path;
    }

    /** A Podman-only path: {@code /v4.3.1/libpod/images/pull}. */
    String libpod(String path) {
        EngineInfo i = info();
        if (!i.podman()) throw new EngineException(endpoint.name() + ": not a Podman engine");
        return "/v" + i.libpodApiVersion() + "/libpod" + path;
    }

    /** A URL builder for {@code path} (already versioned or not); image names keep their slashes. */
    HttpUrl.Builder url(String path) {
        HttpUrl.Builder b = HttpUrl.get(endpoint.baseUrl()).newBuilder();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) throw new EngineException("invalid name in '" + path + "'");
            b.addPathSegment(segment);
        }
        return b;
    }

    /** Sends the request; a 2xx response is returned open (close it), anything else is an EngineException. */
    Response execute(Request request) throws IOException {
        Response response;
        try {
            okhttp3.Call call = http.newCall(request);
            calls.add(call);
            response = call.execute();
        } catch (StreamingBody.ProducerFailure e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof IOException io) throw io;
            throw e;
        } catch (IOException e) {
            throw connectionFailure(e);
        }
        if (response.isSuccessful()) return response;
        try (response) {
            throw new EngineException(endpoint.name() + ": " + errorMessage(response), response.code());
        }
    }

    Response get(HttpUrl url) throws IOException {
        return execute(new Request.Builder().url(url).get().build());
    }

    Response post(HttpUrl url, RequestBody body, Map<String, String> headers) throws IOException {
        Request.Builder b = new Request.Builder().url(url).post(body == null ? RequestBody.create(new byte[0]) : body);
        headers.forEach(b::header);
        return execute(b.build());
    }

    JsonNode getJson(HttpUrl url) throws IOException {
        try (Response r = get(url)) {
            return readJson(r);
        }
    }

    JsonNode readJson(Response r) throws IOException {
        try (InputStream in = r.body().byteStream()) {
            byte[] bytes = in.readNBytes((int) MAX_DOCUMENT + 1);
            if (bytes.length > MAX_DOCUMENT) throw new EngineException(endpoint.name() + ": answer larger than " + MAX_DOCUMENT + " bytes");
            if (bytes.length == 0) return Json.nullNode();
            try {
                return Json.readTree(bytes);
            } catch (IOException e) {
                throw new EngineException(endpoint.name() + ": the answer from " + r.request().url().encodedPath() + " is not JSON");
            }
        }
    }

    /** {@code 'NAME' at ADDRESS}, or just the address when that is the name. */
    String describe() {
        return endpoint.name().equals(endpoint.address()) ? endpoint.address() : "'" + endpoint.name() + "' at " + endpoint.address();
    }

    /** Turns a transport failure into one line that says what to check. */
    EngineException connectionFailure(IOException e) {
        String where = "cannot connect to the engine " + describe() + ": ";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnixSocket.UnixConnectException u) {
                return new EngineException(where + u.reason + switch (u.reason) {
                    case "no such socket", "connection refused" -> " (is it running?)";
                    case "permission denied" -> " (is your user allowed to use the socket, e.g. in the docker group?)";
                    default -> "";
                });
            }
        }
        if (endpoint.tls() != null && clientCertificateRefused(e)) {
            // a refused client certificate shows as an alert or, with TLS 1.3, as the engine closing the connection
            Path dir = endpoint.tls().certDir();
            boolean haveCert = dir != null && Files.isRegularFile(dir.resolve("cert.pem")) && Files.isRegularFile(dir.resolve("key.pem"));
            return new EngineException(where + "the engine refused the TLS connection" + (haveCert
                    ? " (does it accept the client certificate in " + dir + "?)"
                    : " (it may require a client certificate: cert.pem and key.pem in DOCKER_CERT_PATH)"));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) return new EngineException(where + "connection refused (is it running?)");
            if (t instanceof UnknownHostException) return new EngineException(where + "unknown host");
            if (t instanceof javax.net.ssl.SSLException s) return new EngineException(where + "TLS failed: " + JsonMessages.oneLine(String.valueOf(s.getMessage())));
        }
        if (e instanceof SocketTimeoutException) return new EngineException(where + "timed out");
        if (e instanceof InterruptedIOException || "Canceled".equals(e.getMessage())) return new EngineException("cancelled");
        return new EngineException("engine " + describe() + ": "
                + JsonMessages.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }

    private static boolean clientCertificateRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Connection reset") || m.contains("Broken pipe") || m.contains("unexpected end of stream")
                    || m.contains("certificate_required") || m.contains("bad_certificate")) return true;
        }
        return false;
    }

    /** The engine's error: {@code message} of its JSON body, else the first line of the body, else the status. */
    static String errorMessage(Response response) {
        try (InputStream in = response.body().byteStream()) {
            byte[] bytes = in.readNBytes((int) MAX_ERROR_BODY);
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).strip();
            try {
                JsonNode node = Json.readTree(bytes);
                if (node != null && node.hasNonNull("message")) return JsonMessages.oneLine(node.get("message").asText());
            } catch (IOException notJson) {
                // plain text
            }
            if (!text.isEmpty()) return JsonMessages.oneLine(text.lines().findFirst().orElse(text)) + " (HTTP " + response.code() + ")";
        } catch (IOException ignored) {
            // fall back to the status
        }
        return "HTTP " + response.code() + " " + response.message();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
