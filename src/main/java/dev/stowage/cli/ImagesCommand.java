package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import dev.stowage.image.Reference;
import dev.stowage.store.LocalImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** {@code stowage images}: one row per name (and one per dangling image), newest first, like docker. */
@Command(name = "images", aliases = {"ls"}, description = "List images.")
final class ImagesCommand extends StoreCommand {
    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Show only this repository (and tag).")
    String repository;

    @Option(names = {"-a", "--all"}, description = "Show all images (the store keeps no intermediate images: same as default).")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = "--digests", description = "Show manifest digests.")
    boolean digests;

    @Option(names = "--no-trunc", description = "Do not truncate image IDs.")
    boolean noTrunc;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Filter: dangling=true|false, reference=PATTERN (glob, e.g. 'busy*:lat*').")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "Output format (default: table).")
    String format;

    /** One output row: an image under one of its names, or unnamed. */
    record Row(LocalImage image, Reference name) {
        String repository() {
            return name == null ? "<none>" : name.familiarRepository();
        }

        String tag() {
            return name == null || name.tag().isEmpty() ? "<none>" : name.tag().get();
        }
    }

    @Override
    int execute() throws Exception {
        Predicate<Row> filter = parseFilters();
        List<Row> rows = new ArrayList<>();
        for (LocalImage image : store().images()) {
            if (image.names().isEmpty()) rows.add(new Row(image, null));
            image.names().forEach(n -> rows.add(new Row(image, n)));
        }
        List<Row> shown = rows.stream().filter(filter)
                .sorted((a, b) -> compareCreated(b.image().config().created(), a.image().config().created()))
                .toList();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> printJson(shown);
            case "table" -> printTable(shown);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown format '" + format + "' (use table or json)");
        }
        return 0;
    }

    private static int compareCreated(Instant a, Instant b) {
        if (a == null) return b == null ? 0 : -1;
        return b == null ? 1 : a.compareTo(b);
    }

    private Predicate<Row> parseFilters() {
        Predicate<Row> predicate = r -> true;
        if (repository != null) predicate = predicate.and(referencePattern(repository));
        for (String f : filters) {
            int eq = f.indexOf('=');
            String key = eq < 0 ? f : f.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : f.substring(eq + 1).trim();
            switch (key) {
                case "dangling" -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                                "invalid filter 'dangling=" + value + "': use true or false");
                    }
                    boolean want = value.equals("true");
                    predicate = predicate.and(r -> (r.name() == null) == want);
                }
                case "reference" -> predicate = predicate.and(referencePattern(value));
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "invalid filter '" + key + "' (supported: dangling, reference)");
            }
        }
        return predicate;
    }

    /** Docker matches the pattern against the familiar name, and against name:tag when the pattern has a tag. */
    private static Predicate<Row> referencePattern(String pattern) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        boolean withTag = pattern.contains(":") && pattern.lastIndexOf(':') > pattern.lastIndexOf('/');
        return r -> {
            if (r.name() == null) return false;
            String candidate = withTag ? r.repository() + ":" + r.tag() : r.repository();
            String full = withTag ? r.name().repository() + ":" + r.tag() : r.name().repository();
            return matcher.matches(Paths.get(candidate)) || matcher.matches(Paths.get(full));
        };
    }

    private String id(LocalImage image) {
        return noTrunc ? image.id().toString() : image.id().shortHex();
    }

    private void printTable(List<Row> rows) {
        if (quiet) {
            rows.forEach(r -> out().println(id(r.image())));
            return;
        }
        Table table = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        Instant now = Instant.now();
        for (Row r : rows) {
            String created = Human.ago(r.image().config().created(), now);
            String size = Human.size(r.image().size());
            if (digests) {
                String digest = r.name() == null ? r.image().target().digest().toString() : r.image().repoDigest(r.name()).toString();
                table.add(r.repository(), r.tag(), digest, id(r.image()), created, size);
            } else {
                table.add(r.repository(), r.tag(), id(r.image()), created, size);
            }
        }
        table.print(out());
    }

    private void printJson(List<Row> rows) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("Id", r.image().id().toString());
            o.put("Repository", r.repository());
            o.put("Tag", r.tag());
            if (r.name() == null) o.putNull("Reference"); else o.put("Reference", r.name().toString());
            o.put("Digest", r.image().target().digest().toString());
            Instant created = r.image().config().created();
            if (created == null) o.putNull("Created"); else o.put("Created", created.toString());
            o.put("Size", r.image().size());
            o.put("Dangling", r.name() == null);
        }
        out().println(Json.pretty(array));
    }
}
