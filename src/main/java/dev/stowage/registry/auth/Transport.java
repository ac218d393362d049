package dev.stowage.registry.auth;

import okhttp3.Request;
import okhttp3.Response;

import java.io.IOException;

/**
 * How {@link RegistryAuth} sends its token requests: the registry client's own path, so that they are retried,
 * redirected and cancelled as every other request is.
 */
@FunctionalInterface
public interface Transport {
    Response send(Request request) throws IOException;
}
