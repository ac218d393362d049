package dev.stowage.ui.registry;

import dev.stowage.registry.RegistryApi;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the registry browser needs from the rest of the app: a client for a registry with the app's credentials
 * and settings (called on a background thread: it reads files), the Pull dialog for a reference, and the Log in
 * dialog for a registry with what to do once logged in.
 */
public record BrowserHooks(Function<String, RegistryApi> apis, Consumer<String> pull, BiConsumer<String, Runnable> login) {
}
