package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints a registry's names (repositories, tags): one a line, or as skopeo's {@code list-tags} JSON shape. */
final class RemoteListing {
    private RemoteListing() {
    }

    /** {@code format} table: one name a line; json: {@code {"<owner>": owner, "<field>": [names]}}. */
    static void print(PrintWriter out, String format, String ownerKey, String owner, String field, List<String> names) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "table" -> names.forEach(out::println);
            case "json" -> {
                ObjectNode o = Json.object();
                o.put(ownerKey, owner);
                names.forEach(o.putArray(field)::add);
                out.println(Json.pretty(o));
            }
            default -> throw new StowageCli.CommandFailure("unknown format '" + format + "' (use table or json)");
        }
    }
}
