package dev.stowage.cli;

import dev.stowage.store.Verifier;
import picocli.CommandLine.Command;

/** {@code stowage verify}: re-hash every blob and check every reference; non-zero exit when anything is broken. */
@Command(name = "verify", description = "Check every blob's digest and every image's manifest, config and layers.")
final class VerifyCommand extends StoreCommand {
    @Override
    int execute() throws Exception {
        Verifier.Report report = new Verifier(store()).verify();
        if (report.ok()) {
            out().println("OK: " + report.blobsChecked() + " blobs verified, no problems found");
            return 0;
        }
        report.problems().forEach(p -> out().println("BROKEN: " + p));
        err().println("Error: store has " + report.problems().size() + " problem(s)");
        return 1;
    }
}
