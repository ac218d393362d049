package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * PLACEHOLDER for the real {@code ImageChanges} (written elsewhere; it replaces this file at merge). Only
 * {@code CMD} in exec form ({@code CMD ["a","b"]}) and shell form ({@code CMD a b} → {@code ["/bin/sh","-c","a b"]})
 * is understood here; anything else is refused with a one-line {@link IllegalArgumentException}.
 */
public final class ImageChanges {
    private final List<List<String>> cmds;

    private ImageChanges(List<List<String>> cmds) {
        this.cmds = cmds;
    }

    public static ImageChanges parse(List<String> changes) {
        List<List<String>> cmds = new ArrayList<>();
        for (String change : changes == null ? List.<String>of() : changes) {
            String text = change.strip();
            int space = text.indexOf(' ');
            String instruction = (space < 0 ? text : text.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
            String rest = space < 0 ? "" : text.substring(space + 1).strip();
            if (!instruction.equals("CMD")) {
                throw new IllegalArgumentException("dockerfile parse error: unsupported change instruction '" + instruction + "'");
            }
            if (rest.isEmpty()) throw new IllegalArgumentException("CMD requires at least one argument");
            cmds.add(rest.startsWith("[") ? execForm(rest) : List.of("/bin/sh", "-c", rest));
        }
        return new ImageChanges(cmds);
    }

    private static List<String> execForm(String json) {
        JsonNode node;
        try {
            node = Json.parseAny(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "CMD");
        } catch (RuntimeException e) {
            return List.of("/bin/sh", "-c", json);
        }
        if (!node.isArray()) return List.of("/bin/sh", "-c", json);
        List<String> args = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) return List.of("/bin/sh", "-c", json);
            args.add(n.asText());
        }
        return args;
    }

    public void applyTo(ObjectNode configDocument) {
        for (List<String> cmd : cmds) {
            JsonNode existing = configDocument.get("config");
            ObjectNode config = existing instanceof ObjectNode o ? o : configDocument.putObject("config");
            ArrayNode array = config.putArray("Cmd");
            cmd.forEach(array::add);
        }
    }
}
