package dev.stowage.registry;

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
 * redirects and retries. {@code Authorization} goes only to the registry's own host: a redirect elsewhere
 * (a blob CDN) gets none. Calls can be cancelled from another thread with {@link #cancel()}.
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
        this.auth = new RegistryAuth(http.newBuilder().followRedirects(true).build(), credential, insecure, Clock.systemUTC());
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
     * GET /v2/ to learn the scheme and the auth challenge. An insecure registry is tried over https
     * (unverified) first, then over plain http, as docker does.
     */
    public synchronized void ping() throws IOException {
        if (scheme != null) return;
        List<String> schemes = insecure ? List.of("https", "http") : List.of("https");
        IOException last = null;
        for (String s : schemes) {
            Request request = new Request.Builder().url(s + "://" + apiHost + "/v2/").get().build();
            try (Response response = call(request)) {
                if (response.code() == 401) {
                    auth.challenged(WwwAuthenticate.parse(response.headers("WWW-Authenticate")));
                } else if (!response.isSuccessful() && response.code() != 404) {
                    throw new RegistryException(registry + " answered HTTP " + response.code() + " to /v2/", response.code(), null);
                }
                scheme = s;
                return;
            } catch (SSLException | ConnectException e) {
                last = e;
            }
        }
        throw connectionError(last);
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
     * once with a fresh token for the scopes the challenge names, redirects followed (GET and HEAD), and
     * transient failures retried with backoff when {@code retryable}.
     */
    public Response send(Request request, List<Scope> scopes, boolean retryable) throws IOException {
        if (scheme == null) ping();
        int attempt = 0;
        while (true) {
            attempt++;
            Response response;
            try {
                response = sendOnce(request, scopes);
            } catch (IOException e) {
                if (cancelled || Cancellation.isCancellation(e) || !retryable || !retry.retriesIOException(e, attempt)) {
                    throw cancelled ? new InterruptedIOException("cancelled") : connectionError(e);
                }
                sleep(retry.backoff(attempt, null));
                continue;
            }
            if (retryable && retry.retriesStatus(response.code(), attempt)) {
                Duration wait = retry.backoff(attempt, response.header("Retry-After"));
                response.close();
                sleep(wait);
                continue;
            }
            return response;
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

    private void sleep(Duration d) throws InterruptedIOException {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        }
        if (cancelled) throw new InterruptedIOException("cancelled");
    }
}
