package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.image.Platform;
import dev.stowage.image.Reference;
import dev.stowage.progress.ProgressListener;
import dev.stowage.registry.credentials.Credential;
import okhttp3.HttpUrl;
import okhttp3.Response;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The image operations of the Engine API: list, inspect, history, tag, remove, prune, save and load
 * (streamed both ways), push and pull (with {@code X-Registry-Auth} and per-layer progress).
 */
public final class EngineImages {
    private final EngineClient client;

    public EngineImages(EngineClient client) {
        this.client = client;
    }

    /** Every image, dangling ones included ({@code all} adds the intermediate images of builds, as {@code docker images -a}). */
    public List<EngineImage> list(boolean all) throws IOException {
        HttpUrl.Builder url = client.url(client.versioned("/images/json"));
        if (all) url.addQueryParameter("all", "1");
        List<EngineImage> images = new ArrayList<>();
        for (JsonNode n : client.getJson(url.build())) {
            List<String> tags = new ArrayList<>();
            n.path("RepoTags").forEach(t -> {
                if (!t.asText().equals("<none>:<none>")) tags.add(t.asText());
            });
            List<String> digests = new ArrayList<>();
            n.path("RepoDigests").forEach(t -> {
                if (!t.asText().startsWith("<none>@")) digests.add(t.asText());
            });
            long created = n.path("Created").asLong(0);
            images.add(new EngineImage(n.path("Id").asText(), List.copyOf(tags), List.copyOf(digests),
                    created > 0 ? Instant.ofEpochSecond(created) : null, n.path("Size").asLong(-1)));
        }
        return images;
    }

    /** {@code docker image inspect}: the engine's JSON for one image. */
    public JsonNode inspect(String image) throws IOException {
        return client.getJson(client.url(client.versioned("/images/" + image + "/json")).build());
    }

    public List<EngineHistoryEntry> history(String image) throws IOException {
        List<EngineHistoryEntry> out = new ArrayList<>();
        for (JsonNode n : client.getJson(client.url(client.versioned("/images/" + image + "/history")).build())) {
            long created = n.path("Created").asLong(0);
            List<String> tags = new ArrayList<>();
            n.path("Tags").forEach(t -> tags.add(t.asText()));
            out.add(new EngineHistoryEntry(n.path("Id").asText("<missing>"), created > 0 ? Instant.ofEpochSecond(created) : null,
                    n.path("CreatedBy").asText(""), n.path("Size").asLong(0), n.path("Comment").asText(""), List.copyOf(tags)));
        }
        return out;
    }

    /** Gives {@code source} the name {@code target} (a tag is required: latest when the name has none). */
    public void tag(String source, Reference target) throws IOException {
        if (target.digest().isPresent()) throw new EngineException("refusing to create a tag with a digest reference");
        HttpUrl url = client.url(client.versioned("/images/" + source + "/tag"))
                .addQueryParameter("repo", target.repository())
                .addQueryParameter("tag", target.tag().orElse(Reference.DEFAULT_TAG)).build();
        client.post(url, null, Map.of()).close();
    }

    /** What a removal did: names untagged and image IDs deleted, in the engine's order. */
    public record Removal(List<String> untagged, List<String> deleted, long reclaimed) {
    }

    public Removal remove(String image, boolean force) throws IOException {
        HttpUrl.Builder url = client.url(client.versioned("/images/" + image));
        if (force) url.addQueryParameter("force", "1");
        try (Response r = client.execute(new okhttp3.Request.Builder().url(url.build()).delete().build())) {
            return removal(client.readJson(r), 0);
        }
    }

    /** Deletes dangling images ({@code all}: every image no container uses). */
    public Removal prune(boolean all) throws IOException {
        HttpUrl.Builder url = client.url(client.versioned("/images/prune"));
        url.addQueryParameter("filters", all ? "{\"dangling\":[\"false\"]}" : "{\"dangling\":[\"true\"]}");
        try (Response r = client.post(url.build(), null, Map.of())) {
            JsonNode root = client.readJson(r);
            return removal(root.path("ImagesDeleted"), root.path("SpaceReclaimed").asLong(0));
        }
    }

    private static Removal removal(JsonNode items, long reclaimed) {
        List<String> untagged = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (JsonNode n : items) {
            if (n.hasNonNull("Untagged")) untagged.add(n.get("Untagged").asText());
            if (n.hasNonNull("Deleted")) {
                String d = n.get("Deleted").asText();
                deleted.add(d.matches("[0-9a-f]{64}") ? "sha256:" + d : d);   // Podman leaves the algorithm out
            }
        }
        return new Removal(List.copyOf(untagged), List.copyOf(deleted), reclaimed);
    }

    /**
     * {@code GET /images/get}: a docker-archive of the images, as a stream straight from the engine (close it).
     * The engine checks the names before it sends a byte, so an unknown image fails here.
     */
    public InputStream save(List<String> images) throws IOException {
        if (images.isEmpty()) throw new EngineException("no image to save");
        HttpUrl.Builder url = client.url(client.versioned("/images/get"));
        images.forEach(i -> url.addQueryParameter("names", i));
        Response r = client.get(url.build());
        return new FilterInputStream(r.body().byteStream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    r.close();
                }
            }
        };
    }

    /** {@code POST /images/load}: sends the archive as it is read; returns the engine's lines ({@code Loaded image: …}). */
    public List<String> load(InputStream archive) throws IOException {
        return load(out -> archive.transferTo(out));
    }

    /** Loads an archive written on the fly into the request (store → engine copies write it there directly). */
    public List<String> load(StreamingBody.Producer archive) throws IOException {
        HttpUrl url = client.url(client.versioned("/images/load")).addQueryParameter("quiet", "0").build();
        List<String> lines = new ArrayList<>();
        try (Response r = client.post(url, new StreamingBody(archive), Map.of());
             InputStream in = r.body().byteStream()) {
            JsonMessages.forEach(in, client.endpoint().name(), m -> {
                String text = m.path("stream").asText(m.path("status").asText(""));
                text.lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(lines::add);
            });
        }
        return lines;
    }

    /** The outcome of a push: the manifest digest and size when the engine reports them (Podman's own API does not). */
    public record PushResult(String digest, long size) {
    }

    /**
     * Pushes {@code name} (which must be a name of an image in the engine) with the given credential.
     * {@code insecure}: the registry may be plain HTTP or unverified TLS (Podman needs to be told; Docker
     * decides for itself from its daemon configuration, and treats loopback as insecure).
     */
    public PushResult push(Reference name, Optional<Credential> credential, boolean insecure, ProgressListener listener) throws IOException {
        if (name.digest().isPresent()) throw new EngineException("cannot push a digest reference; push a tag");
        String tag = name.tag().orElse(Reference.DEFAULT_TAG);
        EngineProgress progress = new EngineProgress(listener, true);
        HttpUrl url;
        if (client.info().podman()) {
            url = client.url(client.libpod("/images/" + name.repository() + ":" + tag + "/push"))
                    .addQueryParameter("destination", name.repository() + ":" + tag)
                    .addQueryParameter("tlsVerify", insecure ? "false" : "true")
                    .addQueryParameter("quiet", "false").build();
        } else {
            url = client.url(client.versioned("/images/" + name.repository() + "/push")).addQueryParameter("tag", tag).build();
        }
        stream(url, credential, name.domain(), progress);
        return new PushResult(progress.digest(), progress.size());
    }

    /** The outcome of a pull: what the engine reported (any may be null). */
    public record PullResult(String digest, String imageId, String status) {
    }

    public PullResult pull(Reference name, Optional<Credential> credential, boolean insecure, Platform platform,
                           ProgressListener listener) throws IOException {
        EngineProgress progress = new EngineProgress(listener, false);
        HttpUrl.Builder url;
        if (client.info().podman()) {
            url = client.url(client.libpod("/images/pull"))
                    .addQueryParameter("reference", name.toString())
                    .addQueryParameter("tlsVerify", insecure ? "false" : "true")
                    .addQueryParameter("policy", "always")
                    .addQueryParameter("quiet", "false");
            if (platform != null) {
                url.addQueryParameter("OS", platform.os()).addQueryParameter("Arch", platform.architecture());
                if (platform.variant() != null && !platform.variant().isEmpty()) url.addQueryParameter("Variant", platform.variant());
            }
        } else {
            url = client.url(client.versioned("/images/create")).addQueryParameter("fromImage", name.repository());
            if (name.digest().isPresent()) url.addQueryParameter("tag", name.digest().get().toString());
            else url.addQueryParameter("tag", name.tag().orElse(Reference.DEFAULT_TAG));
            if (platform != null) url.addQueryParameter("platform", platform.toString());
        }
        stream(url.build(), credential, name.domain(), progress);
        return new PullResult(progress.digest(), progress.imageId(), progress.status());
    }

    private void stream(HttpUrl url, Optional<Credential> credential, String registry, EngineProgress progress) throws IOException {
        String auth = RegistryAuthHeader.of(credential, registry);
        try (Response r = client.post(url, null, Map.of(RegistryAuthHeader.NAME, auth));
             InputStream in = r.body().byteStream()) {
            JsonMessages.forEach(in, client.endpoint().name(), progress);
        }
    }
}
