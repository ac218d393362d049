package dev.stowage.registry.auth;

import dev.stowage.registry.RegistryException;

/** Authentication failed: wrong credentials, no permission, or a broken token server. */
public class AuthException extends RegistryException {
    public AuthException(String message) {
        super(message, 401, null);
    }
}
