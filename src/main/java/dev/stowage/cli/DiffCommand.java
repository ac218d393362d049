package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stowage.image.Json;
import dev.stowage.layer.Change;
import dev.stowage.layer.FileTree;
import dev.stowage.layer.ImageLayers;
import dev.stowage.layer.TreeDiff;
import dev.stowage.store.ImageResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;

/** {@code stowage diff IMAGE IMAGE}: what differs between two images' filesystems, as docker diff prints it. */
@Command(name = "diff", description = "Show the files that differ between two images (A added, C changed, D deleted).")
final class DiffCommand extends StoreCommand {
    @Parameters(arity = "2", paramLabel = "IMAGE")
    List<String> images;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    @Override
    int execute() throws Exception {
        ImageResolver resolver = ImageResolver.of(store());
        FileTree from = merged(resolver, images.get(0));
        FileTree to = merged(resolver, images.get(1));
        List<Change> changes = TreeDiff.between(from, to);
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (Change c : changes) array.addObject().put("Path", "/" + c.path()).put("Kind", letter(c));
            out().println(Json.pretty(array));
        } else {
            for (Change c : changes) out().println(letter(c) + " /" + c.path());
        }
        return 0;
    }

    private FileTree merged(ImageResolver resolver, String image) throws Exception {
        ImageLayers layers = ImageLayers.read(store(), resolver.resolve(image));
        return layers.layers().isEmpty() ? new FileTree() : layers.mergedUpTo(layers.layers().size() - 1);
    }

    /** docker diff's letters: A added, C changed, D deleted. */
    static String letter(Change c) {
        return switch (c.kind()) {
            case ADDED -> "A";
            case REMOVED -> "D";
            default -> "C";
        };
    }
}
