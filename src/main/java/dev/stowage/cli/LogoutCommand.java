package dev.stowage.cli;

import dev.stowage.registry.credentials.RegistryKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stowage logout}: removes stored credentials, from the helper and config.json, as docker does. */
@Command(name = "logout", description = "Log out from a registry (default: Docker Hub).")
final class LogoutCommand extends StoreCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server = "docker.io";

    @Override
    int execute() {
        String registry = RegistryKeys.normalize(server);
        if (root().registryAccess().credentials().erase(registry)) {
            out().println("Removing login credentials for " + registry);
        } else {
            out().println("Not logged in to " + registry);
        }
        return 0;
    }

    /** Credentials are the same for the store and engines (push and pull through an engine send them). */
    @Override
    boolean supportsEngine() {
        return true;
    }
}
