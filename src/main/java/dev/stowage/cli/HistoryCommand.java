package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.ImageConfig.HistoryEntry;
import dev.stowage.image.Json;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code stowage history IMAGE}: the config's history, newest first, with each non-empty step's layer size. */
@Command(name = "history", description = "Show the history of an image.")
final class HistoryCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Option(names = "--no-trunc", description = "Do not truncate output.")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    record Step(String id, Instant created, String createdBy, long size, String comment) {
    }

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        List<Step> steps = root().onEngine() ? engineSteps() : steps(ImageResolver.of(store()).resolve(image));
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ArrayNode array = Json.array();
            for (Step s : steps) {
                ObjectNode o = array.addObject();
                o.put("Id", s.id());
                if (s.created() == null) o.putNull("Created"); else o.put("Created", s.created().toString());
                o.put("CreatedBy", s.createdBy());
                o.put("Size", s.size());
                o.put("Comment", s.comment());
            }
            out().println(Json.pretty(array));
            return 0;
        }
        if (quiet) {
            steps.forEach(s -> out().println(shortId(s.id())));
            return 0;
        }
        Table table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
        Instant now = Instant.now();
        for (Step s : steps) {
            String by = s.createdBy().replace('\t', ' ').replace('\n', ' ');
            if (!noTrunc && by.length() > 45) by = by.substring(0, 44) + "…";
            table.add(shortId(s.id()), Human.ago(s.created(), now), by, Human.size(s.size()), s.comment());
        }
        table.print(out());
        return 0;
    }

    private String shortId(String id) {
        return noTrunc || !id.startsWith("sha256:") ? id : id.substring(7, 19);
    }

    private List<Step> engineSteps() throws java.io.IOException {
        List<Step> steps = new ArrayList<>();
        for (dev.stowage.engine.EngineHistoryEntry h : new dev.stowage.engine.EngineImages(engine()).history(image)) {
            steps.add(new Step(h.id(), h.created(), h.createdBy(), h.size(), h.comment()));
        }
        return steps;
    }

    /** History entries matched to layers in order (empty_layer steps have none); newest first. */
    static List<Step> steps(LocalImage img) {
        List<Step> newestFirst = new ArrayList<>();
        for (var h : dev.stowage.layer.HistorySteps.newestFirst(img.config().history(), img.manifest().layers())) {
            newestFirst.add(new Step("<missing>", h.created(), h.createdBy(), h.layer() == null ? 0 : h.layer().size(), h.comment()));
        }
        if (!newestFirst.isEmpty()) {
            Step top = newestFirst.get(0);
            newestFirst.set(0, new Step(img.id().toString(), top.created(), top.createdBy(), top.size(), top.comment()));
        }
        return newestFirst;
    }
}
