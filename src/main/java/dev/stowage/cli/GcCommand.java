package dev.stowage.cli;

import dev.stowage.store.GarbageCollector;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;

/** {@code stowage gc}: delete blobs no image uses (rmi and prune already do this for what they remove). */
@Command(name = "gc", description = "Delete blobs that no image in the store references.")
final class GcCommand extends StoreCommand {
    @Override
    int execute() throws Exception {
        GarbageCollector.Result r = new GarbageCollector(store()).collect();
        out().println("Deleted " + r.blobsDeleted() + " blobs, reclaimed " + Human.size(r.bytesFreed()));
        return 0;
    }
}
