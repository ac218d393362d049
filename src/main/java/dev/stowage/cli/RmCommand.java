package dev.stowage.cli;

import dev.stowage.container.Container;
import dev.stowage.error.ErrorText;
import dev.stowage.image.Digest;
import dev.stowage.image.Reference;
import dev.stowage.registry.DockerTransport;
import dev.stowage.registry.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code stowage rm [-f] CONTAINER...}: delete containers (by name, full or short ID) with their rootfs, a running one
 * only with -f; {@code rm docker://REF} deletes a manifest in a registry.
 */
@Command(name = "rm", description = "Remove one or more containers and their writable layer (a running one only with -f); "
        + "docker://REGISTRY/REPOSITORY[:TAG|@DIGEST] deletes that manifest from the registry (and every tag pointing to it).")
final class RmCommand extends RuntimeCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL).")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER|docker://REF")
    List<String> containers;

    @Override
    int execute() throws Exception {
        int failures = 0;
        for (String text : containers) {
            try {
                if (DockerTransport.names(text)) {
                    out().println("Deleted: " + deleteInRegistry(text).familiarString());
                    continue;
                }
                Container c = container(text);
                runner().remove(c, force);
                out().println(text);
            } catch (RuntimeException | java.io.IOException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    /** Deletes the manifest {@code docker://REF} names, a tag resolved to its digest first; returns REPO@DIGEST. */
    private Reference deleteInRegistry(String text) throws java.io.IOException {
        Reference ref = DockerTransport.image(text);
        RegistryApi api = root().registryAccess().api(ref.domain());
        Digest digest = ref.digest().isPresent() ? ref.digest().get() : api.resolveDigest(ref.path(), DockerTransport.reference(ref));
        api.deleteManifest(ref.path(), digest);
        return ref.withDigest(digest);
    }
}
