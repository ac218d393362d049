package dev.stowage.engine;

import java.time.Instant;
import java.util.List;

/**
 * One image as an engine lists it ({@code GET /images/json}): ID ({@code sha256:…}), names
 * ({@code repo:tag}; empty when dangling), repo digests, creation time (null when unknown) and size.
 */
public record EngineImage(String id, List<String> repoTags, List<String> repoDigests, Instant created, long size) {
    public boolean dangling() {
        return repoTags.isEmpty();
    }
}
