package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.engine.EngineDiscovery;
import dev.stowage.engine.Engines;
import dev.stowage.image.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/**
 * {@code stowage engines}: the Docker and Podman engines found (DOCKER_HOST, the docker context, the
 * well-known sockets), each asked what it is. An engine that does not answer is listed with the reason;
 * none found is not an error.
 */
@Command(name = "engines", description = "List the Docker and Podman engines found, and whether they answer.")
final class EnginesCommand extends StoreCommand {
    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json", description = "Output format (default: table).")
    String format;

    /** With {@code --engine}, only that engine is asked. */
    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() {
        EngineDiscovery discovery = new EngineDiscovery(root().context.env());
        List<Engines.Probe> probes = root().onEngine() ? List.of(Engines.probe(discovery.resolve(root().engineOption)))
                : Engines.probeAll(discovery);
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> {
                ArrayNode array = Json.array();
                for (Engines.Probe p : probes) {
                    ObjectNode o = array.addObject();
                    o.put("Name", p.endpoint().name());
                    o.put("Address", p.endpoint().address());
                    o.put("Origin", p.endpoint().origin());
                    o.put("Reachable", p.reachable());
                    if (p.reachable()) {
                        o.put("Kind", p.info().kind());
                        o.put("Version", p.info().version());
                        o.put("ApiVersion", p.info().apiVersion());
                        o.putNull("Error");
                    } else {
                        o.putNull("Kind");
                        o.putNull("Version");
                        o.putNull("ApiVersion");
                        o.put("Error", p.error());
                    }
                }
                out().println(Json.pretty(array));
            }
            case "table" -> {
                Table table = new Table("NAME", "ADDRESS", "FOUND BY", "STATUS");
                for (Engines.Probe p : probes) {
                    table.add(p.endpoint().name(), p.endpoint().address(), p.endpoint().origin(),
                            p.reachable() ? p.info().describe() : "not reachable: " + shortReason(p.error()));
                }
                table.print(out());
            }
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "unknown format '" + format + "' (use table or json)");
        }
        return 0;
    }

    /** The reason after the "cannot connect … at ADDRESS: " prefix, which the table already shows. */
    private static String shortReason(String error) {
        int i = error.indexOf(": ");
        return error.startsWith("cannot connect") && i > 0 ? error.substring(i + 2) : error;
    }
}
