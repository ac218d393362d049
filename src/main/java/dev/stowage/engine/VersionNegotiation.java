package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Response;

import java.io.IOException;

/**
 * Finds out what the engine is and which API version to use, as docker's client does: {@code GET /_ping}
 * (its {@code Api-Version} header), then {@code GET /version}; the lower of the engine's version and
 * {@link EngineClient#MAX_API}, refused when below {@link EngineClient#MIN_API} or below the engine's minimum.
 */
final class VersionNegotiation {
    private final EngineClient client;

    VersionNegotiation(EngineClient client) {
        this.client = client;
    }

    EngineInfo negotiate() {
        String name = client.endpoint().name();
        try {
            String pingApi = null;
            String libpod = null;
            try (Response ping = client.get(client.url("/_ping").build())) {
                pingApi = ping.header("Api-Version");
                libpod = ping.header("Libpod-Api-Version");
            } catch (EngineException e) {
                if (e.status() == 0) throw e;
                throw new EngineException(client.describe() + " does not look like a Docker or Podman engine (HTTP " + e.status() + " on /_ping)");
            }
            JsonNode version = client.getJson(client.url("/version").build());
            String serverApi = text(version, "ApiVersion", pingApi);
            if (!ApiVersions.valid(serverApi)) {
                throw new EngineException("'" + name + "' did not say which API version it speaks");
            }
            String serverMin = text(version, "MinAPIVersion", MIN_API_FALLBACK);
            if (ApiVersions.valid(serverMin) && ApiVersions.compare(EngineClient.MAX_API, serverMin) < 0) {
                throw new EngineException("'" + name + "' needs API " + serverMin + " or later; stowage speaks up to " + EngineClient.MAX_API);
            }
            String api = ApiVersions.min(serverApi, EngineClient.MAX_API);
            if (ApiVersions.compare(api, EngineClient.MIN_API) < 0) {
                throw new EngineException("'" + name + "' speaks API " + serverApi + "; stowage needs " + EngineClient.MIN_API + " or later");
            }
            String kind = "Docker";
            for (JsonNode c : version.path("Components")) {
                if (c.path("Name").asText("").startsWith("Podman")) {
                    kind = "Podman";
                    if (libpod == null) libpod = c.path("Details").path("APIVersion").asText(null);
                }
            }
            if (libpod != null && !ApiVersions.valid(libpod)) libpod = null;
            if (libpod != null) kind = "Podman";
            return new EngineInfo(kind, text(version, "Version", "?"), api, serverApi,
                    text(version, "Os", ""), text(version, "Arch", ""), libpod);
        } catch (IOException e) {
            throw client.connectionFailure(e);
        }
    }

    private static final String MIN_API_FALLBACK = "1.12";

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? fallback : v.asText();
    }
}
