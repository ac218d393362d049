package dev.stowage.cli;

import dev.stowage.registry.DockerTransport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage catalog REGISTRY}: every repository of a registry, following its pages. */
@Command(name = "catalog", description = "List the repositories of a registry (all pages of its catalog).")
final class CatalogCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "REGISTRY", description = "HOST[:PORT], also as docker://HOST[:PORT].")
    String registry;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json",
            description = "One repository a line (default), or {\"Registry\": …, \"Repositories\": […]}.")
    String format;

    @Override
    int execute() throws Exception {
        String host = DockerTransport.names(registry) ? registry.substring(DockerTransport.PREFIX.length()) : registry;
        if (host.endsWith("/")) host = host.substring(0, host.length() - 1);
        if (host.isEmpty() || host.contains("/")) {
            throw new StowageCli.CommandFailure("'" + registry + "' is not a registry (HOST[:PORT])");
        }
        RemoteListing.print(out(), format, "Registry", host, "Repositories", root().registryAccess().api(host).repositories());
        return 0;
    }
}
