package dev.stowage.layer;

/** Names layers give to parts of tar entries. */
public final class TarEntries {
    /** The PAX header prefix of extended attributes (GNU tar, containers/image, moby). */
    public static final String XATTR_PREFIX = "SCHILY.xattr.";

    private TarEntries() {
    }
}
