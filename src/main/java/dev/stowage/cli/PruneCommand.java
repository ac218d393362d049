package dev.stowage.cli;

import dev.stowage.image.Digest;
import dev.stowage.store.ImageRemoval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;

/** {@code stowage image prune}: delete dangling images and the blobs only they used. */
@Command(name = "prune", description = "Remove dangling (untagged) images.")
final class PruneCommand extends StoreCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;

    @Override
    int execute() throws Exception {
        Console console = System.console();
        if (!force && console != null && root().context.in() == System.in) {
            String answer = console.readLine("WARNING! This will remove all dangling images.%nAre you sure you want to continue? [y/N] ");
            if (answer == null || !answer.trim().equalsIgnoreCase("y")) return 0;
        }
        ImageRemoval.Outcome outcome = new ImageRemoval(store()).pruneDangling();
        if (!outcome.deleted().isEmpty()) {
            out().println("Deleted Images:");
            for (Digest d : outcome.deleted()) out().println("deleted: " + d);
            out().println();
        }
        out().println("Total reclaimed space: " + Human.size(outcome.bytesFreed()));
        return 0;
    }
}
