package dev.stowage.registry;

import dev.stowage.error.ErrorText;
import dev.stowage.registry.auth.AuthException;
import dev.stowage.registry.auth.Challenge;
import dev.stowage.registry.auth.RegistryAuth;
import dev.stowage.registry.auth.WwwAuthenticate;
import dev.stowage.registry.credentials.Credential;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP to one registry: scheme (https, or http for an insecure registry that has no TLS), authorization,
 * redirects and retries (every request, token requests included, goes through {@link #retrying}).
 * {@code Authorization} goes only to the registry's own host: a redirect elsewhere (a blob CDN) gets none.
 * Calls can be cancelled from another thread with {@link #cancel()}.
 */
public final class RegistryClient {
    /** Docker Hub's API host. */
    static final String DOCKER_HUB_API = "registry-1.docker.io";
    private static final int MAX_REDIRECTS = 10;

    private final String registry;
    private final String apiHost;
    private final OkHttpClient http;
    private final RegistryAuth auth;
    private final boolean insecure;
    private final RetryPolicy retry;
    private final Set<Call> active = ConcurrentHashMap.newKeySet();
    /** How deep in {@link #retrying} this thread is: only the outermost loop retries. */
    private final ThreadLocal<int[]> retryDepth = ThreadLocal.withInitial(() -> new int[1]);
    private volatile String scheme;
    private volatile boolean cancelled;

    public RegistryClient(String registry, Optional<Credential> credential, RegistrySettings settings) {
        this(registry, credential, settings, RetryPolicy.DEFAULT);
    }

    public RegistryClient(String registry, Optional<Credential> credential, RegistrySettings settings, RetryPolicy retry) {
        this.registry = registry;
        this.apiHost = registry.equals("docker.io") ? DOCKER_HUB_API : registry;
        this.insecure = settings.isInsecure(registry);
        this.retry = retry;
        TlsSetup tls = insecure ? TlsSetup.trustAll() : TlsSetup.forRegistry(settings.certDirsFor(registry));
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .sslSocketFactory(tls.context().getSocketFactory(), tls.trustManager())
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(5))
                .retryOnConnectionFailure(false);
        if (insecure) builder.hostnameVerifier((host, session) -> true);
        this.http = builder.build();
        this.auth = new RegistryAuth(token -> retrying(() -> withRedirects(token)), credential, insecure, Clock.systemUTC());
    }

    public String registry() {
        return registry;
    }

    public RegistryAuth auth() {
        return auth;
    }

    /** A URL on the registry's API: {@code path} starts with {@code /v2/}. */
    public HttpUrl url(String path) throws IOException {
        if (scheme == null) ping();
        return HttpUrl.get(scheme + "://" + apiHost + path);
    }

    /**
     * GET /v2/ to learn the scheme and the auth challenge, retried as every request is. An insecure registry is
     * tried over https (unverified) first, then over plain http, as docker does.
     */
    public synchronized void ping() throws IOException {
        if (scheme != null) return;
        try (Response response = retrying(this::pingOnce)) {
            if (response.code() == 401) {
                auth.challenged(WwwAuthenticate.parse(response.headers("WWW-Authenticate")));
            } else if (!response.isSuccessful() && response.code() != 404) {
                throw new RegistryException(registry + " answered HTTP " + response.code() + " to /v2/", response.code(), null);
            }
            scheme = response.request().url().scheme();
        }
    }

    /**
     * One GET /v2/. For an insecure registry, any failure of the https attempt (a TLS error, a refused or reset
     * connection) is followed by plain http; if that answers what no registry would (a TLS server's 400 to plain
     * HTTP), the https failure is the one that counts, and is retried if it may pass.
     */
    private Response pingOnce() throws IOException {
        try {
            return call(pingRequest("https"));
        } catch (IOException httpsFailure) {
            if (!insecure || cancelled || ErrorText.isCancellation(httpsFailure)) throw httpsFailure;
            Response plain = call(pingRequest("http"));
            int code = plain.code();
            if (plain.isSuccessful() || code == 401 || code == 404 || RetryPolicy.isTransient(code)) return plain;
            plain.close();
            throw httpsFailure;
        }
    }

    private Request pingRequest(String scheme) {
        return new Request.Builder().url(scheme + "://" + apiHost + "/v2/").get().build();
    }

    private IOException connectionError(IOException e) {
        if (e instanceof SSLException) {
            return new IOException("TLS to " + registry + " failed: " + e.getMessage()
                    + (insecure ? "" : " (add its CA under certs.d/" + registry + "/ or mark it insecure)"));
        }
        if (e instanceof UnknownHostException) return new IOException("cannot resolve registry host " + registry);
        if (e instanceof ConnectException) return new IOException("cannot connect to " + registry + ": " + e.getMessage());
        return e;
    }

    /**
     * Sends a request that needs {@code scopes}: authorization added for the registry's host, a 401 answered
     * once with a fresh token for the scopes the challenge names, redirects followed (GET and HEAD). A
     * {@code replayable} request (one whose body, if any, can be sent again whole) goes through {@link #retrying};
     * one that is not is sent once, and the caller's own loop starts its work again (an upload on a new session).
     */
    public Response send(Request request, List<Scope> scopes, boolean replayable) throws IOException {
        if (scheme == null) ping();
        if (replayable) return retrying(() -> sendOnce(request, scopes));
        try {
            return sendOnce(request, scopes);
        } catch (IOException e) {
            throw cancelled ? new InterruptedIOException("cancelled") : e;
        }
    }

    /** One attempt of {@link #retrying}: it may run again, so it must re-send whole requests. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    /**
     * The one retry loop of every request (ping, token, HEAD, GET, POST, PUT, manifests, catalog, login) and of
     * every blob transfer. It runs {@code attempt} again, after the policy's backoff, when it fails with a lost
     * connection, throws a {@link RegistryException} whose status the policy retries, or returns a {@link Response}
     * whose status it retries (closed; its Retry-After honoured). After a lost connection the idle pooled connections
     * are dropped: the peer may have closed them all (an HTTP/1.0 token server, one that drops idle connections), so
     * the next attempt goes out on a fresh one. Inside another such loop on the same thread it runs once: the
     * outer loop retries the whole, so attempts never multiply (a token fetched within a request, a request within
     * a blob transfer).
     */
    public <T> T retrying(Attempt<T> attempt) throws IOException {
        int[] depth = retryDepth.get();
        if (depth[0] > 0) return attempt.run();
        depth[0]++;
        try {
            for (int n = 1; ; n++) {
                if (cancelled) throw new InterruptedIOException("cancelled");
                Duration wait;
                try {
                    T result = attempt.run();
                    if (!(result instanceof Response response) || !retry.retriesStatus(response.code(), n)) return result;
                    wait = retry.backoff(n, response.header("Retry-After"));
                    response.close();
                } catch (IOException e) {
                    if (cancelled) throw new InterruptedIOException("cancelled");
                    if (ErrorText.isCancellation(e)) throw e;
                    if (!retry.retriesIOException(e, n)) throw connectionError(e);
                    http.connectionPool().evictAll();
                    wait = retry.backoff(n, null);
                } catch (RegistryException e) {
                    if (!retry.retriesStatus(e.status(), n)) throw e;
                    wait = retry.backoff(n, e.retryAfter());
                }
                sleep(wait);
            }
        } finally {
            depth[0]--;
        }
    }

    private Response sendOnce(Request request, List<Scope> scopes) throws IOException {
        Response response = withRedirects(authorized(request, scopes));
        if (response.code() != 401) return response;
        List<Challenge> challenges = WwwAuthenticate.parse(response.headers("WWW-Authenticate"));
        response.close();
        auth.challenged(challenges);
        auth.invalidate();
        List<Scope> wanted = scopes;
        for (Challenge c : challenges) {
            if (c.isBearer() && c.param("scope") != null) wanted = Scope.merge(scopes, Scope.parseAll(c.param("scope")));
        }
        Response again = withRedirects(authorized(request, wanted));
        if (again.code() == 401) {
            boolean scopeRefused = WwwAuthenticate.parse(again.headers("WWW-Authenticate")).stream()
                    .anyMatch(c -> "insufficient_scope".equals(c.param("error")));
            again.close();
            if (scopeRefused) {
                throw new AuthException("denied: requested access to the resource is denied (unauthorized: insufficient scope)");
            }
            throw new AuthException(auth.hasCredential() ? "unauthorized: incorrect username or password"
                    : "unauthorized: " + registry + " requires login (stowage login " + registry + ")");
        }
        return again;
    }

    /** Credentials go only to the registry's own host and port, never to an upload or blob URL elsewhere. */
    private Request authorized(Request request, List<Scope> scopes) throws IOException {
        HttpUrl own = HttpUrl.get(scheme + "://" + apiHost + "/");
        if (!request.url().host().equals(own.host()) || request.url().port() != own.port()) return request;
        String header = auth.header(scopes);
        return header == null ? request : request.newBuilder().header("Authorization", header).build();
    }

    /** Follows redirects by hand so that Authorization never leaves the registry's host. */
    private Response withRedirects(Request request) throws IOException {
        Request current = request;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            Response response = call(current);
            if (!response.isRedirect() || !(current.method().equals("GET") || current.method().equals("HEAD"))) return response;
            String location = response.header("Location");
            response.close();
            HttpUrl next = location == null ? null : current.url().resolve(location);
            if (next == null) throw new RegistryException(registry + " sent a redirect without a valid Location");
            Request.Builder b = current.newBuilder().url(next);
            if (!next.host().equals(current.url().host()) || next.port() != current.url().port()) b.removeHeader("Authorization");
            current = b.build();
        }
        throw new RegistryException(registry + " redirected more than " + MAX_REDIRECTS + " times");
    }

    /**
     * Executes one HTTP exchange, tracked so that {@link #cancel()} can abort it: until its response body is
     * closed, not only until the headers arrive, so that a blob being read is cut off too. Once cancelled, a
     * failed read of the body is reported as the cancellation it is.
     */
    public Response call(Request request) throws IOException {
        if (cancelled) throw new InterruptedIOException("cancelled");
        Call call = http.newCall(request);
        active.add(call);
        if (cancelled) call.cancel();
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            active.remove(call);
            if (cancelled) throw new InterruptedIOException("cancelled");
            throw e;
        } catch (RuntimeException e) {
            active.remove(call);
            throw e;
        }
        ResponseBody body = response.body();
        BufferedSource tracked = Okio.buffer(new ForwardingSource(body.source()) {
            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                try {
                    return super.read(sink, byteCount);
                } catch (IOException e) {
                    if (cancelled) throw new InterruptedIOException("cancelled");
                    throw e;
                }
            }

            @Override
            public void close() throws IOException {
                active.remove(call);
                super.close();
            }
        });
        return response.newBuilder().body(ResponseBody.create(tracked, body.contentType(), body.contentLength())).build();
    }

    /** Aborts every request in flight and every later one. */
    public void cancel() {
        cancelled = true;
        active.forEach(Call::cancel);
    }

    public boolean cancelled() {
        return cancelled;
    }

    /** Waits out a backoff (up to 30 s with Retry-After) in short slices, so that {@link #cancel()} ends it at once. */
    private void sleep(Duration d) throws InterruptedIOException {
        long end = System.nanoTime() + d.toNanos();
        try {
            for (long left = d.toMillis(); left > 0 && !cancelled; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
                TimeUnit.MILLISECONDS.sleep(Math.min(left, 100));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        }
        if (cancelled) throw new InterruptedIOException("cancelled");
    }
}
