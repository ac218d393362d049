package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a details pane shows of an engine image, read from the engine's inspect JSON: ID, names, repo
 * digests, created, author, comment, os/architecture, size, and the runtime {@code config} (Cmd, Entrypoint,
 * Env, WorkingDir, ExposedPorts, Labels, as in an image config; an empty object when absent), and the inspect
 * JSON itself, as the engine returned it.
 */
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, Instant created, String author,
                           String comment, String os, String architecture, long size, List<String> layers, JsonNode config,
                           JsonNode inspect) {

    static ImageDetails of(JsonNode inspect) {
        Instant created = null;
        String c = inspect.path("Created").asText("");
        try {
            if (!c.isEmpty()) created = Instant.parse(c);
        } catch (DateTimeParseException e) {
            created = java.time.OffsetDateTime.parse(c).toInstant();
        }
        List<String> layers = new ArrayList<>();
        inspect.path("RootFS").path("Layers").forEach(l -> layers.add(l.asText()));
        JsonNode config = inspect.path("Config");
        return new ImageDetails(inspect.path("Id").asText(), texts(inspect.path("RepoTags")), texts(inspect.path("RepoDigests")),
                created, inspect.path("Author").asText(""), inspect.path("Comment").asText(""), inspect.path("Os").asText(""),
                inspect.path("Architecture").asText(""), inspect.path("Size").asLong(-1), List.copyOf(layers),
                config.isObject() ? config : dev.stowage.image.Json.object(), inspect);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }
}
