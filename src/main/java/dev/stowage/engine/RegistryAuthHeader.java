package dev.stowage.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import dev.stowage.registry.credentials.Credential;

import java.util.Base64;
import java.util.Optional;

/**
 * The {@code X-Registry-Auth} header for push and pull: base64url of {@code {"username","password",
 * "serveraddress"}} (or {@code identitytoken}), from the same credentials the registry commands use. It is
 * only ever put on the request: never logged, never in a message. Anonymous is {@code {}} (docker's push
 * wants the header present).
 */
final class RegistryAuthHeader {
    static final String NAME = "X-Registry-Auth";

    private RegistryAuthHeader() {
    }

    static String of(Optional<Credential> credential, String serverAddress) {
        ObjectNode o = Json.object();
        credential.ifPresent(c -> {
            if (c.identityToken()) {
                o.put("identitytoken", c.secret());
            } else {
                o.put("username", c.username());
                o.put("password", c.secret());
            }
            o.put("serveraddress", serverAddress);
        });
        return Base64.getUrlEncoder().encodeToString(Json.bytes(o));
    }
}
