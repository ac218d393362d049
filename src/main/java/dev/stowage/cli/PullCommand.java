package dev.stowage.cli;

import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.ImagePuller;
import dev.stowage.registry.RegistryApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage pull NAME[:TAG|@DIGEST]}: like {@code docker pull}. */
@Command(name = "pull", description = "Pull an image from a registry.")
final class PullCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String name;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pull from a multi-platform image (default: this machine).")
    String platform;

    @Option(names = {"-a", "--all-platforms"}, description = "Keep the whole index with every platform's image.")
    boolean allPlatforms;

    @Option(names = {"-q", "--quiet"}, description = "Suppress progress; print only the name.")
    boolean quiet;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "Blobs downloaded at once (default: 4).")
    int parallel;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        Reference ref = Reference.parse(name);
        if (root().onEngine()) return pullIntoEngine(ref);
        Platform wanted = platform == null ? Platform.current() : Platform.parse(platform);
        RegistryApi api = root().registryAccess().api(ref.domain());
        if (!quiet) out().println(ref.tag().orElse(ref.digest().map(Object::toString).orElse("latest")) + ": Pulling from " + ref.path());
        ProgressListener progress = quiet ? ProgressListener.NONE : new ProgressPrinter(out(), root().terminal());
        ImagePuller.Result result = new ImagePuller(store(), api, progress, parallel).pull(ref, wanted, allPlatforms);
        if (!quiet) {
            out().println("Digest: " + result.digest());
            out().println(result.updated() ? "Status: Downloaded newer image for " + ref.familiarString()
                    : "Status: Image is up to date for " + ref.familiarString());
        }
        out().println(ref);
        return 0;
    }

    private int pullIntoEngine(Reference ref) throws Exception {
        if (allPlatforms) throw new StowageCli.CommandFailure("--all-platforms works with the store only");
        RegistryAccess access = root().registryAccess();
        if (!quiet) out().println(ref.tag().orElse(ref.digest().map(Object::toString).orElse("latest")) + ": Pulling from " + ref.path());
        ProgressListener progress = quiet ? ProgressListener.NONE : new ProgressPrinter(out(), root().terminal());
        dev.stowage.engine.EngineImages.PullResult result = new dev.stowage.engine.EngineImages(engine()).pull(ref,
                access.credentials().get(ref.domain()), access.settings().isInsecure(ref.domain()),
                platform == null ? null : Platform.parse(platform), progress);
        if (!quiet) {
            if (result.digest() != null) out().println("Digest: " + result.digest());
            if (result.status() != null) out().println("Status: " + result.status());
        }
        out().println(ref);
        return 0;
    }
}
