package dev.stowage.registry.auth;

import dev.stowage.registry.HttpBodies;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.Scope;
import dev.stowage.registry.credentials.Credential;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Authorization for one registry, as docker does it: the ping's challenge decides Basic or Bearer; bearer
 * tokens are asked for per set of scopes (push first), with Basic credentials when known or an identity
 * token through the OAuth2 refresh_token POST (GET when the server answers 404), and cached until they expire.
 */
public final class RegistryAuth {
    private final Transport http;
    private final Credential credential;
    private final boolean insecure;
    private final Clock clock;
    private volatile List<Challenge> challenges = List.of();
    private final Map<String, TokenResponse> tokens = new ConcurrentHashMap<>();

    public RegistryAuth(Transport http, Optional<Credential> credential, boolean insecure, Clock clock) {
        this.http = http;
        this.credential = credential.orElse(null);
        this.insecure = insecure;
        this.clock = clock;
    }

    public boolean hasCredential() {
        return credential != null;
    }

    /** Remembers the challenges of a 401; an empty list (GCR after the ping) keeps the ping's. */
    public void challenged(List<Challenge> newChallenges) {
        if (!newChallenges.isEmpty()) challenges = List.copyOf(newChallenges);
    }

    public Optional<Challenge> bearer() {
        return challenges.stream().filter(Challenge::isBearer).findFirst();
    }

    private Optional<Challenge> basic() {
        return challenges.stream().filter(Challenge::isBasic).findFirst();
    }

    /** The Authorization header for a request needing these scopes, or null when none applies. */
    public String header(List<Scope> scopes) throws IOException {
        Optional<Challenge> bearer = bearer();
        if (bearer.isPresent()) {
            String key = scopes.stream().map(Scope::toString).collect(Collectors.joining(" "));
            TokenResponse cached = tokens.get(key);
            if (cached == null || !cached.valid(clock.instant())) {
                cached = fetchToken(bearer.get(), scopes, false);
                tokens.put(key, cached);
            }
            return "Bearer " + cached.token();
        }
        if (basic().isPresent() && credential != null && !credential.identityToken()) {
            return Credentials.basic(credential.username(), credential.secret(), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** Forgets cached tokens (after a 401 that says the token no longer fits). */
    public void invalidate() {
        tokens.clear();
    }

    /**
     * Verifies the credential as {@code docker login} does: a token without scopes (asking for a refresh
     * token), or Basic against the registry. Returns the refresh token the server issued, if any.
     */
    public Optional<String> login() throws IOException {
        Optional<Challenge> bearer = bearer();
        if (bearer.isEmpty()) return Optional.empty();
        return Optional.ofNullable(fetchToken(bearer.get(), List.of(), true).refreshToken());
    }

    private TokenResponse fetchToken(Challenge challenge, List<Scope> scopes, boolean offline) throws IOException {
        String realm = challenge.param("realm");
        HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
        if (realmUrl == null) throw new AuthException("the registry's bearer challenge has no valid realm");
        if (!realmUrl.isHttps() && !insecure) {
            throw new AuthException("refusing to send credentials to a token realm over plain HTTP (" + realmUrl.host()
                    + "); mark the registry insecure to allow it");
        }
        String service = challenge.param("service");
        if (credential != null && credential.identityToken()) {
            return postRefreshToken(realmUrl, service, scopes);
        }
        HttpUrl.Builder url = realmUrl.newBuilder();
        if (service != null) url.addQueryParameter("service", service);
        for (Scope s : scopes) url.addQueryParameter("scope", s.toString());
        if (offline) url.addQueryParameter("offline_token", "true").addQueryParameter("client_id", "stowage");
        Request.Builder request = new Request.Builder().url(url.build()).get();
        if (credential != null) request.header("Authorization", Credentials.basic(credential.username(), credential.secret(), StandardCharsets.UTF_8));
        return exchange(request.build());
    }

    private TokenResponse postRefreshToken(HttpUrl realm, String service, List<Scope> scopes) throws IOException {
        FormBody.Builder form = new FormBody.Builder()
                .add("grant_type", "refresh_token")
                .add("refresh_token", credential.secret())
                .add("client_id", "stowage");
        if (service != null) form.add("service", service);
        if (!scopes.isEmpty()) form.add("scope", scopes.stream().map(Scope::toString).collect(Collectors.joining(" ")));
        Request post = new Request.Builder().url(realm).post(form.build()).build();
        try (Response response = http.send(post)) {
            if (response.code() != 404) return tokenFrom(response);
        }
        HttpUrl.Builder url = realm.newBuilder();
        if (service != null) url.addQueryParameter("service", service);
        for (Scope s : scopes) url.addQueryParameter("scope", s.toString());
        return exchange(new Request.Builder().url(url.build()).get().build());
    }

    private TokenResponse exchange(Request request) throws IOException {
        try (Response response = http.send(request)) {
            return tokenFrom(response);
        }
    }

    private TokenResponse tokenFrom(Response response) throws IOException {
        if (response.code() == 401 || response.code() == 403) {
            throw new AuthException(credential == null ? "authentication required: log in to this registry first"
                    : "unauthorized: incorrect username or password");
        }
        if (!response.isSuccessful()) {
            throw new RegistryException("the token server answered HTTP " + response.code(), response.code(),
                    response.header("Retry-After"), null);
        }
        return TokenResponse.parse(HttpBodies.read(response, HttpBodies.MAX_TOKEN, "token response"), clock.instant());
    }
}
