package dev.stowage.archive;

import java.util.Locale;

/** What {@code save} writes: a docker-archive (manifest.json plus an OCI layout, as Docker 25) or a pure OCI archive. */
public enum ArchiveFormat {
    DOCKER, OCI;

    public static ArchiveFormat parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "docker", "docker-archive" -> DOCKER;
            case "oci", "oci-archive" -> OCI;
            default -> throw new IllegalArgumentException("unknown archive format '" + text + "' (use docker or oci)");
        };
    }
}
