package dev.stowage.registry.credentials;

import dev.stowage.error.StowageException;

/**
 * A credential could not be read, stored or erased: a malformed config file, a missing or failing
 * credential helper. The message is one line a user can act on and never contains a secret.
 */
public class CredentialException extends StowageException {
    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
