package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stowage.container.ContainerDiff;
import dev.stowage.container.Containers;
import dev.stowage.image.Json;
import dev.stowage.layer.Change;
import dev.stowage.layer.FileTree;
import dev.stowage.layer.ImageLayers;
import dev.stowage.layer.TreeDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code stowage diff CONTAINER}: what changed in a container's rootfs since create, as {@code docker diff}
 * prints it; {@code stowage diff IMAGE IMAGE}: what differs between two images' filesystems, the same way.
 */
@Command(name = "diff", description = {"Show changed files: A added, C changed, D deleted.",
        "diff CONTAINER: changes in the container's rootfs since create; diff IMAGE IMAGE: between two images."})
final class DiffCommand extends StoreCommand {
    @Parameters(arity = "1..2", paramLabel = "CONTAINER | IMAGE IMAGE")
    List<String> args;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    /** One output line: the letter and the absolute path. */
    private record Line(String letter, String path) {
    }

    /** Two images can be compared in an engine (a container diff is the store's own). */
    @Override
    java.util.List<String> engineViewImages() {
        return args.size() == 2 ? args : null;
    }

    @Override
    int execute() throws Exception {
        List<Line> lines = new ArrayList<>();
        if (args.size() == 1) {
            for (ContainerDiff.Line l : ContainerDiff.of(new Containers(store()).find(args.get(0)))) {
                lines.add(new Line(l.letter(), "/" + l.path()));
            }
        } else {
            FileTree from = merged(args.get(0));
            FileTree to = merged(args.get(1));
            for (Change c : TreeDiff.between(from, to)) lines.add(new Line(letter(c), "/" + c.path()));
        }
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ArrayNode array = Json.array();
            for (Line l : lines) array.addObject().put("Path", l.path()).put("Kind", l.letter());
            out().println(Json.pretty(array));
        } else {
            for (Line l : lines) out().println(l.letter() + " " + l.path());
        }
        return 0;
    }

    private FileTree merged(String image) throws Exception {
        ImageLayers layers = imageLayers(image);
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
