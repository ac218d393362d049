package dev.stowage.archive;

import dev.stowage.image.Compression;
import dev.stowage.image.Digest;

/**
 * A regular file of an archive, already in the staging area: its blob digest and size, and for a tar
 * stream the digest of its uncompressed form (its diffID if it is a layer), or why that could not be had.
 */
record SpooledEntry(String name, Digest digest, long size, Compression compression, Digest diffId, String diffIdError) {
}
