package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;
import dev.stowage.image.Reference;
import dev.stowage.registry.DockerTransport;
import dev.stowage.store.LocalImage;
import dev.stowage.util.Human;
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
    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]",
            description = "Show only this repository (and tag); docker://REGISTRY/REPOSITORY lists the repository's tags in the registry.")
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

    /**
     * One output row: an image under one of its names, or unnamed. {@code digest} is the manifest (or index)
     * digest in the store, or the engine's repo digest; {@code repoDigest} what {@code --digests} shows.
     */
    record Row(String id, String digest, String repoDigest, Instant created, long size, Reference name) {
        static Row of(LocalImage image, Reference name) {
            return new Row(image.id().toString(), image.target().digest().toString(),
                    (name == null ? image.target().digest() : image.repoDigest(name)).toString(),
                    image.config().created(), image.size(), name);
        }

        String repository() {
            return name == null ? "<none>" : name.familiarRepository();
        }

        String tag() {
            return name == null || name.tag().isEmpty() ? "<none>" : name.tag().get();
        }
    }

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        if (DockerTransport.names(repository)) return listTags();
        Predicate<Row> filter = parseFilters();
        List<Row> rows = root().onEngine() ? EngineRows.of(new dev.stowage.engine.EngineImages(engine()).list(all)) : new ArrayList<>();
        if (!root().onEngine()) {
            for (LocalImage image : store().images()) {
                if (image.names().isEmpty()) rows.add(Row.of(image, null));
                image.names().forEach(n -> rows.add(Row.of(image, n)));
            }
        }
        List<Row> shown = rows.stream().filter(filter)
                .sorted((a, b) -> compareCreated(b.created(), a.created()))
                .toList();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> printJson(shown);
            case "table" -> printTable(shown);
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown format '" + format + "' (use table or json)");
        }
        return 0;
    }

    /** The tags of a repository in a registry, all pages; as skopeo list-tags with {@code --format json}. */
    private int listTags() throws Exception {
        Reference repo = DockerTransport.repository(repository);
        List<String> tags = root().registryAccess().api(repo.domain()).tags(repo.path());
        RemoteListing.print(out(), format, "Repository", repo.repository(), "Tags", tags);
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

    private String id(Row row) {
        String hex = row.id().startsWith("sha256:") ? row.id().substring(7) : row.id();
        return noTrunc ? row.id() : hex.substring(0, Math.min(12, hex.length()));
    }

    private void printTable(List<Row> rows) {
        if (quiet) {
            rows.forEach(r -> out().println(id(r)));
            return;
        }
        Table table = digests ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        Instant now = Instant.now();
        for (Row r : rows) {
            String created = Human.ago(r.created(), now);
            String size = r.size() < 0 ? "" : Human.size(r.size());
            if (digests) {
                table.add(r.repository(), r.tag(), r.repoDigest() == null ? "<none>" : r.repoDigest(), id(r), created, size);
            } else {
                table.add(r.repository(), r.tag(), id(r), created, size);
            }
        }
        table.print(out());
    }

    private void printJson(List<Row> rows) {
        ArrayNode array = Json.array();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("Id", r.id());
            o.put("Repository", r.repository());
            o.put("Tag", r.tag());
            if (r.name() == null) o.putNull("Reference"); else o.put("Reference", r.name().toString());
            if (r.digest() == null) o.putNull("Digest"); else o.put("Digest", r.digest());
            Instant created = r.created();
            if (created == null) o.putNull("Created"); else o.put("Created", created.toString());
            o.put("Size", r.size());
            o.put("Dangling", r.name() == null);
        }
        out().println(Json.pretty(array));
    }
}
