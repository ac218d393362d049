package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import dev.stowage.layer.Change;
import dev.stowage.layer.ChangeKind;
import dev.stowage.layer.FileEntry;
import dev.stowage.layer.FileTree;
import dev.stowage.layer.ImageLayers;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code stowage tree IMAGE}: the merged filesystem; {@code --layer N}: that layer's changes against the
 * layers below ({@code A}/{@code M}/{@code D}/{@code U}); {@code --layer N --merged}: the filesystem up to N.
 */
@Command(name = "tree", description = "List an image's files: merged, or one layer's changes (--layer N).")
final class TreeCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A stored image, or any place name: docker://REF, docker-archive:PATH[:REF], oci-archive:PATH[:REF], oci:DIR[:REF], engine:REF.")
    String image;

    @Option(names = "--layer", paramLabel = "N", description = "A layer, 0 = base.")
    Integer layer;

    @Option(names = "--merged", description = "With --layer: the merged filesystem up to that layer.")
    boolean merged;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    @Override
    java.util.List<String> engineViewImages() {
        return java.util.List.of(image);
    }

    @Override
    int execute() throws Exception {
        ImageLayers layers = imageLayers(image);
        int count = layers.layers().size();
        if (layer != null && (layer < 0 || layer >= count)) {
            throw new StowageCli.CommandFailure("layer " + layer + " does not exist: the image has " + count + " layers (0 to " + (count - 1) + ")");
        }
        List<Change> rows = new ArrayList<>();
        if (layer != null && !merged) {
            rows.addAll(layers.layers().get(layer).changes());
        } else {
            FileTree tree = layers.mergedUpTo(layer == null ? count - 1 : layer);
            for (FileEntry e : tree.entries()) rows.add(new Change(e.path(), ChangeKind.UNMODIFIED, e));
        }
        boolean json = format.toLowerCase(Locale.ROOT).equals("json");
        if (json) {
            ArrayNode array = Json.array();
            for (Change c : rows) {
                ObjectNode o = array.addObject();
                o.put("Path", "/" + c.path());
                o.put("Change", c.kind().name());
                o.put("Type", c.entry().type().name());
                o.put("Mode", String.format("%04o", c.entry().mode()));
                o.put("Uid", c.entry().uid());
                o.put("Gid", c.entry().gid());
                o.put("Size", c.entry().size());
                if (c.entry().linkTarget() != null) o.put("LinkTarget", c.entry().linkTarget());
            }
            out().println(Json.pretty(array));
            return 0;
        }
        for (Change c : rows) {
            FileEntry e = c.entry();
            String kind = layer != null && !merged ? letter(c.kind()) + " " : "";
            String link = e.linkTarget() == null ? "" : " -> " + e.linkTarget();
            out().printf("%s%s %5s:%-5s %9s  /%s%s%n", kind, e.modeString(), e.uid(), e.gid(), Human.size(e.size()), e.path(), link);
        }
        return 0;
    }

    private static String letter(ChangeKind kind) {
        return switch (kind) {
            case ADDED -> "A";
            case MODIFIED -> "M";
            case REMOVED -> "D";
            case UNMODIFIED -> "U";
        };
    }
}
