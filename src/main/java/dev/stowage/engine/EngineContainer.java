package dev.stowage.engine;

import java.time.Instant;
import java.util.List;

/** One container of an engine, running or stopped ({@code GET /containers/json?all=1}). */
public record EngineContainer(String id, List<String> names, String image, String imageId, String command,
                              Instant created, String state, String status) {
}
