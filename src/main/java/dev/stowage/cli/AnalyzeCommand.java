package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import dev.stowage.layer.Efficiency;
import dev.stowage.layer.ImageLayers;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.stream.Collectors;

/** {@code stowage analyze IMAGE}: dive's efficiency score and wasted bytes, plus reclaimable bytes and who wasted them. */
@Command(name = "analyze", description = "Image efficiency: score, wasted and reclaimable bytes, top wasteful paths.")
final class AnalyzeCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A stored image, or any place name: docker://REF, docker-archive:PATH[:REF], oci-archive:PATH[:REF], oci:DIR[:REF], engine:REF.")
    String image;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N", description = "Paths to list (default: 20).")
    int top;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    @Override
    java.util.List<String> engineViewImages() {
        return java.util.List.of(image);
    }

    @Override
    int execute() throws Exception {
        ImageLayers layers = imageLayers(image);
        Efficiency.Result r = layers.efficiency();
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ObjectNode o = Json.object();
            o.put("Efficiency", r.score());
            o.put("EfficiencyPercent", r.scorePercent());
            o.put("WastedBytes", r.wastedBytes());
            o.put("ReclaimableBytes", r.reclaimableBytes());
            o.put("UserSize", r.userSize());
            o.put("WastedUserPercent", r.wastedUserPercent());
            ArrayNode paths = o.putArray("InefficientPaths");
            for (Efficiency.WastedPath p : r.inefficient()) {
                ObjectNode n = paths.addObject();
                n.put("Path", "/" + p.path());
                n.put("Count", p.layers().size());
                n.put("CumulativeSize", p.cumulativeSize());
                n.put("ReclaimableSize", p.reclaimable());
                ArrayNode l = n.putArray("Layers");
                p.layers().forEach(l::add);
            }
            out().println(Json.pretty(o));
            return 0;
        }
        out().println("Efficiency score:     " + r.scorePercent() + " %");
        out().println("Wasted space (dive):  " + Human.size(r.wastedBytes()) + " (" + String.format(Locale.ROOT, "%.1f", 100 * r.wastedUserPercent())
                + " % of the layers above the base)");
        out().println("Reclaimable space:    " + Human.size(r.reclaimableBytes()));
        if (r.inefficient().isEmpty()) return 0;
        out().println();
        Table table = new Table("COUNT", "TOTAL SPACE", "RECLAIMABLE", "LAYERS", "PATH");
        r.inefficient().stream().limit(top).forEach(p -> table.add(String.valueOf(p.layers().size()),
                Human.size(p.cumulativeSize()), Human.size(p.reclaimable()),
                p.layers().stream().map(String::valueOf).collect(Collectors.joining(",")), "/" + p.path()));
        table.print(out());
        return 0;
    }
}
