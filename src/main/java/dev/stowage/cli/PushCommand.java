package dev.stowage.cli;

import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.ImagePusher;
import dev.stowage.registry.RegistryApi;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.util.ParallelGzip;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage push NAME[:TAG]}: like {@code docker push}, with a line per layer and docker's last line. */
@Command(name = "push", description = "Push an image to a registry.")
final class PushCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String name;

    @Option(names = {"-q", "--quiet"}, description = "Suppress per-layer progress.")
    boolean quiet;

    @Option(names = "--parallel", defaultValue = "4", paramLabel = "N", description = "Blobs uploaded at once (default: 4).")
    int parallel;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        Reference target = Reference.parse(name);
        if (root().onEngine()) return pushFromEngine(target);
        LocalImage image = ImageResolver.of(store()).resolve(name);
        RegistryApi api = root().registryAccess().api(target.domain());
        out().println("The push refers to repository [" + target.repository() + "]");
        ProgressListener progress = quiet ? ProgressListener.NONE : new ProgressPrinter(out(), root().terminal());
        ImagePusher.Result result = new ImagePusher(store(), api, progress, parallel, ParallelGzip.defaults()).push(image, target);
        String label = target.tag().orElse(result.digest().toString());
        out().println(label + ": digest: " + result.digest() + " size: " + result.size());
        return 0;
    }

    /** The engine pushes; its progress goes through the same printer, the credential in X-Registry-Auth. */
    private int pushFromEngine(Reference target) throws Exception {
        RegistryAccess access = root().registryAccess();
        out().println("The push refers to repository [" + target.repository() + "]");
        ProgressListener progress = quiet ? ProgressListener.NONE : new ProgressPrinter(out(), root().terminal());
        dev.stowage.engine.EngineImages.PushResult result = new dev.stowage.engine.EngineImages(engine()).push(target,
                access.credentials().get(target.domain()), access.settings().isInsecure(target.domain()), progress);
        String label = target.tag().orElse(Reference.DEFAULT_TAG);
        if (result.digest() != null) out().println(label + ": digest: " + result.digest() + (result.size() >= 0 ? " size: " + result.size() : ""));
        else out().println(label + ": pushed");
        return 0;
    }
}
