package dev.stowage.cli;

import dev.stowage.error.ErrorText;
import dev.stowage.image.Digest;
import dev.stowage.image.Reference;
import dev.stowage.store.ImageRemoval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stowage rmi}: untag and delete images, printing docker's Untagged:/Deleted: lines. */
@Command(name = "rmi", description = "Remove one or more images.")
final class RmiCommand extends StoreCommand {
    @Option(names = {"-f", "--force"}, description = "Remove an image even if several repositories name it.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        if (root().onEngine()) return removeOnEngine();
        int failures = 0;
        ImageRemoval removal = new ImageRemoval(store());
        dev.stowage.container.run.ContainerRunner runner = new dev.stowage.container.run.ContainerRunner(store(), root().context.env(), root().runtimeOption);
        for (String text : images) {
            try {
                runner.checkImageRemovable(text);
                ImageRemoval.Outcome outcome = removal.remove(text, force);
                for (Reference r : outcome.untagged()) out().println("Untagged: " + r.familiarString());
                for (Digest d : outcome.deleted()) out().println("Deleted: " + d);
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private int removeOnEngine() {
        int failures = 0;
        dev.stowage.engine.EngineImages engineImages = new dev.stowage.engine.EngineImages(engine());
        for (String text : images) {
            try {
                dev.stowage.engine.EngineImages.Removal outcome = engineImages.remove(text, force);
                for (String r : outcome.untagged()) out().println("Untagged: " + r);
                for (String d : outcome.deleted()) out().println("Deleted: " + d);
            } catch (RuntimeException | java.io.IOException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
