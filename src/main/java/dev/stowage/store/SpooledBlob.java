package dev.stowage.store;

import dev.stowage.image.Compression;
import dev.stowage.image.Digest;

/**
 * A stream now held in a staging area: its blob digest and size, its compression, and the digest of its
 * uncompressed form (a layer's diffID), or why that could not be had (damaged data, a compression bomb).
 */
public record SpooledBlob(String name, Digest digest, long size, Compression compression, Digest diffId, String diffIdError) {
}
