package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import dev.stowage.layer.ImageLayers;
import dev.stowage.layer.LayerDiff;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;

/** {@code stowage layers IMAGE}: each layer with its digests, sizes, the step that made it and what it changed. */
@Command(name = "layers", description = "Show an image's layers: digest, diffID, sizes, created_by and changes.")
final class LayersCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "A stored image, or any place name: docker://REF, docker-archive:PATH[:REF], oci-archive:PATH[:REF], oci:DIR[:REF], engine:REF.")
    String image;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    @Option(names = "--no-trunc", description = "Do not truncate digests and created_by.")
    boolean noTrunc;

    @Override
    java.util.List<String> engineViewImages() {
        return java.util.List.of(image);
    }

    @Override
    int execute() throws Exception {
        ImageLayers layers = imageLayers(image);
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ArrayNode array = Json.array();
            for (ImageLayers.Layer l : layers.layers()) {
                LayerDiff.Summary s = l.summary();
                ObjectNode o = array.addObject();
                o.put("Index", l.index());
                o.put("Digest", l.blob().digest().toString());
                o.put("DiffID", l.diffId() == null ? null : l.diffId().toString());
                o.put("MediaType", l.blob().mediaType());
                o.put("CompressedSize", l.blob().size());
                o.put("UncompressedSize", l.uncompressedSize());
                o.put("CreatedBy", l.createdBy());
                o.put("Added", s.added());
                o.put("Modified", s.modified());
                o.put("Removed", s.removed());
                o.put("AddedBytes", s.addedBytes());
                o.put("ModifiedBytes", s.modifiedBytes());
                o.put("RemovedBytes", s.removedBytes());
            }
            out().println(Json.pretty(array));
            return 0;
        }
        Table table = new Table("#", "DIGEST", "DIFF ID", "COMPRESSED", "SIZE", "ADDED", "MODIFIED", "REMOVED", "CREATED BY");
        for (ImageLayers.Layer l : layers.layers()) {
            LayerDiff.Summary s = l.summary();
            String by = l.createdBy().replace('\n', ' ');
            if (!noTrunc && by.length() > 45) by = by.substring(0, 44) + "…";
            table.add(String.valueOf(l.index()), shortOrFull(l.blob().digest().toString()),
                    l.diffId() == null ? "" : shortOrFull(l.diffId().toString()), Human.size(l.blob().size()),
                    Human.size(l.uncompressedSize()), s.added() + " (" + Human.size(s.addedBytes()) + ")",
                    s.modified() + " (" + Human.size(s.modifiedBytes()) + ")",
                    s.removed() + " (" + Human.size(s.removedBytes()) + ")", by);
        }
        table.print(out());
        return 0;
    }

    private String shortOrFull(String digest) {
        return noTrunc ? digest : digest.substring(7, 19);
    }
}
