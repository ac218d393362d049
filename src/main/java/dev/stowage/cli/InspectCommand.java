package dev.stowage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.error.ErrorText;
import dev.stowage.image.InspectDocument;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code stowage inspect IMAGE...}: a JSON array shaped like {@code docker image inspect}. */
@Command(name = "inspect", description = "Display detailed information on one or more images (JSON).")
final class InspectCommand extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> images;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        if (root().onEngine()) return inspectOnEngine();
        ImageResolver resolver = ImageResolver.of(store());
        List<JsonNode> documents = new ArrayList<>();
        int failures = 0;
        for (String text : images) {
            try {
                documents.add(inspect(resolver.resolve(text)));
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        out().println(InspectDocument.text(documents));
        return failures == 0 ? 0 : 1;
    }

    /** The engine's own inspect JSON for each image, in one array (as {@code docker image inspect}). */
    private int inspectOnEngine() throws Exception {
        dev.stowage.engine.EngineImages engineImages = new dev.stowage.engine.EngineImages(engine());
        List<JsonNode> documents = new ArrayList<>();
        int failures = 0;
        for (String text : images) {
            try {
                documents.add(engineImages.inspect(text));
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        out().println(InspectDocument.text(documents));
        return failures == 0 ? 0 : 1;
    }

    private static ObjectNode inspect(LocalImage image) {
        return InspectDocument.of(image.id(), image.names(), image::repoDigest, image.config(), image.size(), image.target());
    }
}
