package dev.stowage.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.stowage.image.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * The engine's streamed answers (pull, push, load, build): JSON objects one after another. An object with
 * {@code error} or {@code errorDetail} ends the operation with that message, even though the HTTP status was 200.
 */
final class JsonMessages {
    private JsonMessages() {
    }

    static void forEach(InputStream in, String engine, Consumer<JsonNode> each) throws IOException {
        try {
            Json.forEachValue(in, message -> {
                String error = errorOf(message);
                if (error != null) throw new EngineException(engine + ": " + oneLine(error));
                each.accept(message);
            });
        } catch (JsonProcessingException e) {
            throw new EngineException(engine + ": unreadable answer from the engine (" + oneLine(String.valueOf(e.getOriginalMessage())) + ")");
        }
    }

    static String errorOf(JsonNode message) {
        String detail = message.path("errorDetail").path("message").asText("");
        if (!detail.isEmpty()) return detail;
        String error = message.path("error").asText("");
        return error.isEmpty() ? null : error;
    }

    static String oneLine(String text) {
        return text.strip().replace("\r", "").replace('\n', ' ');
    }
}
