package dev.stowage.engine;

/**
 * What an engine said about itself, and the API version agreed on: {@code apiVersion} is the lower of the
 * engine's and {@link EngineClient#MAX_API}. {@code libpodApiVersion} is set for Podman, whose own
 * ({@code /libpod}) endpoints are used where the Docker-compatible ones fall short (push and pull progress).
 */
public record EngineInfo(String kind, String version, String apiVersion, String serverApiVersion,
                         String os, String arch, String libpodApiVersion) {
    public boolean podman() {
        return libpodApiVersion != null;
    }

    /** For {@code stowage engines}: {@code Podman 4.3.1 (API 1.41)}. */
    public String describe() {
        return kind + " " + version + " (API " + apiVersion + ")";
    }
}
