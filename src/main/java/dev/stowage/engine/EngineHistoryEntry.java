package dev.stowage.engine;

import java.time.Instant;
import java.util.List;

/** One step of an image's history as the engine reports it, newest first ({@code id} is {@code <missing>} below the top). */
public record EngineHistoryEntry(String id, Instant created, String createdBy, long size, String comment, List<String> tags) {
}
