package dev.stowage.cli;

import dev.stowage.image.Reference;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code stowage tag SOURCE TARGET}: a new name for an image, like {@code docker tag}. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.")
final class TagCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        Reference name = newTagName(target);
        if (root().onEngine()) {
            new dev.stowage.engine.EngineImages(engine()).tag(source, name);
            return 0;
        }
        store().modifyIndex(index -> {
            LocalImage image = ImageResolver.of(store()).resolve(source);
            index.tag(name, image.target());
            return null;
        });
        return 0;
    }
}
