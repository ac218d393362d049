package dev.stowage.registry;

import dev.stowage.registry.auth.AuthException;
import dev.stowage.registry.credentials.Credential;
import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker login}'s check: the credentials go through the registry's own auth flow before anything is
 * stored. A bearer-token registry issues a token (and maybe a refresh token, kept instead of the password, as
 * docker does); a Basic-auth registry must answer {@code /v2/} with success.
 */
public final class Login {
    private Login() {
    }

    /**
     * Verifies {@code credential} against {@code registry}; returns what to store.
     *
     * @throws AuthException when the registry refuses the credentials
     */
    public static Credential verify(String registry, Credential credential, RegistrySettings settings) throws IOException {
        RegistryClient client = new RegistryClient(registry, Optional.of(credential), settings);
        client.ping();
        if (client.auth().bearer().isPresent()) {
            Optional<String> refresh = client.auth().login();
            return refresh.map(t -> new Credential(credential.username(), t, true)).orElse(credential);
        }
        Request request = new Request.Builder().url(client.url("/v2/")).get().build();
        try (Response response = client.send(request, List.<Scope>of(), true)) {
            if (!response.isSuccessful()) throw new AuthException("unauthorized: incorrect username or password");
        }
        return credential;
    }
}
