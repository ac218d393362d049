package dev.stowage.registry.credentials;

/** Credentials could not be read or written; the message is one line and never contains a secret. */
public class CredentialException extends RuntimeException {
    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
