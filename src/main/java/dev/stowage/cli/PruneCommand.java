package dev.stowage.cli;

import dev.stowage.image.Digest;
import dev.stowage.store.ImageRemoval;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;

/** {@code stowage image prune}: delete dangling images and the blobs only they used. */
@Command(name = "prune", description = "Remove dangling (untagged) images.")
final class PruneCommand extends StoreCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation.")
    boolean force;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        Console console = System.console();
        if (!force && console != null && root().context.in() == System.in) {
            String answer = console.readLine("WARNING! This will remove all dangling images.%nAre you sure you want to continue? [y/N] ");
            if (answer == null || !answer.trim().equalsIgnoreCase("y")) return 0;
        }
        if (root().onEngine()) {
            dev.stowage.engine.EngineImages.Removal pruned = new dev.stowage.engine.EngineImages(engine()).prune(false);
            if (!pruned.untagged().isEmpty() || !pruned.deleted().isEmpty()) {
                out().println("Deleted Images:");
                for (String u : pruned.untagged()) out().println("untagged: " + u);
                for (String d : pruned.deleted()) out().println("deleted: " + d);
                out().println();
            }
            out().println("Total reclaimed space: " + Human.size(pruned.reclaimed()));
            return 0;
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
