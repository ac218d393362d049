package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Reference;
import okhttp3.HttpUrl;
import okhttp3.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Containers of an engine: list them (running and stopped) and commit one into an image. */
public final class EngineContainers {
    private final EngineClient client;

    public EngineContainers(EngineClient client) {
        this.client = client;
    }

    public List<EngineContainer> list(boolean all) throws IOException {
        HttpUrl.Builder url = client.url(client.versioned("/containers/json"));
        if (all) url.addQueryParameter("all", "1");
        List<EngineContainer> out = new ArrayList<>();
        for (JsonNode n : client.getJson(url.build())) {
            List<String> names = new ArrayList<>();
            n.path("Names").forEach(x -> names.add(x.asText().startsWith("/") ? x.asText().substring(1) : x.asText()));
            long created = n.path("Created").asLong(0);
            out.add(new EngineContainer(n.path("Id").asText(), List.copyOf(names), n.path("Image").asText(""),
                    n.path("ImageID").asText(""), n.path("Command").asText(""),
                    created > 0 ? Instant.ofEpochSecond(created) : null, n.path("State").asText(""), n.path("Status").asText("")));
        }
        return out;
    }

    /** What to commit: author, message, Dockerfile instructions, whether to pause a running container, and the new name (or null). */
    public record Commit(String author, String comment, List<String> changes, boolean pause, Reference name) {
    }

    /** {@code POST /commit}: returns the new image's ID ({@code sha256:…}). */
    public String commit(String container, Commit c) throws IOException {
        HttpUrl.Builder url = client.url(client.versioned("/commit")).addQueryParameter("container", container)
                .addQueryParameter("pause", c.pause() ? "1" : "0");
        if (c.name() != null) {
            if (c.name().digest().isPresent()) throw new EngineException("refusing to create a tag with a digest reference");
            url.addQueryParameter("repo", c.name().repository()).addQueryParameter("tag", c.name().tag().orElse(Reference.DEFAULT_TAG));
        }
        if (c.author() != null) url.addQueryParameter("author", c.author());
        if (c.comment() != null) url.addQueryParameter("comment", c.comment());
        for (String change : c.changes()) url.addQueryParameter("changes", change);
        try (Response r = client.post(url.build(), okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json")), Map.of())) {
            String id = client.readJson(r).path("Id").asText("");
            if (id.isEmpty()) throw new EngineException(client.endpoint().name() + ": commit answered without an image ID");
            return id.startsWith("sha256:") ? id : "sha256:" + id;
        }
    }
}
