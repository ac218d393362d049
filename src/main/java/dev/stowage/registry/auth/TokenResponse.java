package dev.stowage.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Json;

import java.time.Duration;
import java.time.Instant;

/** A bearer token from a token server: {@code token} or {@code access_token}, its lifetime (at least 60 s), and a refresh token if one was issued. */
public record TokenResponse(String token, Instant expires, String refreshToken) {
    static final Duration MIN_LIFETIME = Duration.ofSeconds(60);

    public static TokenResponse parse(byte[] body, Instant now) {
        JsonNode root;
        try {
            root = Json.parseObject(body, "token response");
        } catch (ImageFormatException e) {
            throw new AuthException("the token server sent an invalid response");
        }
        String token = Json.text(root, "token");
        if (token == null || token.isEmpty()) token = Json.text(root, "access_token");
        if (token == null || token.isEmpty()) throw new AuthException("the token server sent no token");
        long seconds = root.path("expires_in").asLong(0);
        Duration lifetime = Duration.ofSeconds(Math.max(seconds, MIN_LIFETIME.getSeconds()));
        return new TokenResponse(token, now.plus(lifetime), Json.text(root, "refresh_token"));
    }

    /** Usable for a little while more (a 10 s margin against clock skew and slow requests). */
    public boolean valid(Instant now) {
        return now.plusSeconds(10).isBefore(expires);
    }

    @Override
    public String toString() {
        return "TokenResponse[token hidden, expires " + expires + "]";
    }
}
