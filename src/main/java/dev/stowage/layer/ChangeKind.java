package dev.stowage.layer;

/** How a path of a layer compares with the layers below it. */
public enum ChangeKind {
    ADDED, MODIFIED, REMOVED, UNMODIFIED;

    /** A directory's kind from its own and its children's: all the same stays, anything mixed is Modified. */
    public ChangeKind merge(ChangeKind other) {
        return this == other ? this : MODIFIED;
    }
}
