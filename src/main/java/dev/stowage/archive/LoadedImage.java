package dev.stowage.archive;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.Reference;

import java.util.List;

/** One image an archive held: the descriptor that went into index.json, its image ID and its names. */
public record LoadedImage(Descriptor target, Digest id, List<Reference> names) {
}
