package dev.stowage.cli;

import dev.stowage.container.Committer;
import dev.stowage.container.Container;
import dev.stowage.image.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code stowage commit [-a AUTHOR] [-m MESSAGE] [-c CHANGE]... [-p] CONTAINER [REPO[:TAG]]}: a new image of
 * the container's image plus a layer of what changed in its rootfs; prints {@code sha256:<image id>}.
 */
@Command(name = "commit", description = {"Create a new image from a container's changes.",
        "With SOURCE_DATE_EPOCH set, mtimes are clamped to it and it is the creation time: the same change gives the same layer."})
final class CommitCommand extends RuntimeCommand {
    @Option(names = {"-a", "--author"}, paramLabel = "AUTHOR", description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\").")
    String author;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "Commit message.")
    String message;

    @Option(names = {"-c", "--change"}, paramLabel = "CHANGE", description = "Apply a Dockerfile instruction to the image config (repeatable).")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-p", "--pause"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            description = "Pause the container during commit when it is running. Default: true.")
    boolean pause;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPO[:TAG]")
    String repository;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        Reference name = repository == null ? null : newTagName(repository);
        if (root().onEngine()) {
            out().println(new dev.stowage.engine.EngineContainers(engine()).commit(container,
                    new dev.stowage.engine.EngineContainers.Commit(author, message, changes, pause, name)));
            return 0;
        }
        Long epoch = sourceDateEpoch(root().context.env());
        Container c = container(container);
        Committer.Request request = new Committer.Request(author, message, changes, name, epoch);
        Committer.Result result = pause ? runner().whilePaused(c, () -> new Committer(store()).commit(c, request))
                : new Committer(store()).commit(c, request);
        out().println(result.imageId());
        return 0;
    }

    /** {@code SOURCE_DATE_EPOCH} (seconds), or null when unset or empty. */
    static Long sourceDateEpoch(Map<String, String> env) {
        String text = env.get("SOURCE_DATE_EPOCH");
        if (text == null || text.isBlank()) return null;
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new StowageCli.CommandFailure("invalid SOURCE_DATE_EPOCH '" + text + "': expected seconds since 1970-01-01 UTC");
        }
    }
}
