package dev.stowage.layer;

/** One path's change in a layer: the entry now (or, when Removed, the entry that was removed). */
public record Change(String path, ChangeKind kind, FileEntry entry) {
}
