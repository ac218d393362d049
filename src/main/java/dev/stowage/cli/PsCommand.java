package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.container.Container;
import dev.stowage.container.run.ContainerStatus;
import dev.stowage.image.Json;
import dev.stowage.store.ImageResolver;
import dev.stowage.store.LocalImage;
import dev.stowage.util.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code stowage ps [-a]}: the containers of the store with docker's states (Created, Up 3 minutes,
 * Up 3 minutes (Paused), Exited (0) 5 seconds ago); without {@code -a} only running and paused ones.
 */
@Command(name = "ps", description = {"List containers (running ones; -a for all)."})
class PsCommand extends RuntimeCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running).")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not truncate output.")
    boolean noTrunc;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|json")
    String format;

    @Override
    boolean supportsEngine() {
        return true;
    }

    @Override
    int execute() throws Exception {
        if (root().onEngine()) return listOnEngine();
        Map<String, ContainerStatus> states = new HashMap<>();
        List<Container> containers = new ArrayList<>();
        for (Container c : runner().containers().list()) {
            ContainerStatus status = runner().status(c);
            if (!all && !status.active()) continue;
            states.put(c.id(), status);
            containers.add(c);
        }
        if (quiet) {
            containers.forEach(c -> out().println(noTrunc ? c.id() : c.shortId()));
            return 0;
        }
        ImageResolver resolver;
        try {
            resolver = ImageResolver.of(store());
        } catch (RuntimeException e) {
            resolver = null;
        }
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ArrayNode array = Json.array();
            for (Container c : containers) {
                ObjectNode o = array.addObject();
                o.put("Id", c.id());
                o.put("Names", c.name());
                o.put("Image", c.image());
                o.put("ImageID", c.imageId().toString());
                o.put("Command", command(runner(), c));
                o.put("Created", c.created().toString());
                o.put("State", states.get(c.id()).state());
                o.put("Status", states.get(c.id()).describe(Instant.now()));
                o.put("Rootfs", c.rootfs().toString());
                o.put("Rootless", c.rootless());
            }
            out().println(Json.pretty(array));
            return 0;
        }
        Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
        Instant now = Instant.now();
        for (Container c : containers) {
            String cmd = command(runner(), c);
            if (!noTrunc && cmd.codePointCount(0, cmd.length()) > 20) cmd = cmd.substring(0, cmd.offsetByCodePoints(0, 19)) + "…";
            table.add(noTrunc ? c.id() : c.shortId(), imageColumn(c, resolver), "\"" + cmd + "\"",
                    Human.ago(c.created(), now), states.get(c.id()).describe(now), c.name());
        }
        table.print(out());
        return 0;
    }

    /** An engine's containers, running ones or (with -a) all, in docker's columns and the same JSON fields. */
    private int listOnEngine() throws Exception {
        List<dev.stowage.engine.EngineContainer> containers = new dev.stowage.engine.EngineContainers(engine()).list(all);
        if (quiet) {
            containers.forEach(c -> out().println(noTrunc ? c.id() : c.id().substring(0, Math.min(12, c.id().length()))));
            return 0;
        }
        if (format.toLowerCase(Locale.ROOT).equals("json")) {
            ArrayNode array = Json.array();
            for (dev.stowage.engine.EngineContainer c : containers) {
                ObjectNode o = array.addObject();
                o.put("Id", c.id());
                o.put("Names", String.join(",", c.names()));
                o.put("Image", c.image());
                o.put("ImageID", c.imageId());
                o.put("Command", c.command());
                if (c.created() == null) o.putNull("Created"); else o.put("Created", c.created().toString());
                o.put("State", c.state());
                o.put("Status", c.status());
            }
            out().println(Json.pretty(array));
            return 0;
        }
        Table table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
        Instant now = Instant.now();
        for (dev.stowage.engine.EngineContainer c : containers) {
            String cmd = c.command();
            if (!noTrunc && cmd.codePointCount(0, cmd.length()) > 20) cmd = cmd.substring(0, cmd.offsetByCodePoints(0, 19)) + "…";
            table.add(noTrunc ? c.id() : c.id().substring(0, Math.min(12, c.id().length())), c.image(), "\"" + cmd + "\"",
                    Human.ago(c.created(), now), c.status(), String.join(",", c.names()));
        }
        table.print(out());
        return 0;
    }

    /** The image as named at create while that name still means the same image, else its short ID (as docker shows it). */
    private static String imageColumn(Container c, ImageResolver resolver) {
        if (resolver == null) return c.image();
        try {
            Optional<LocalImage> now = resolver.find(c.image());
            if (now.isPresent() && now.get().id().equals(c.imageId())) return c.image();
        } catch (RuntimeException e) {
            // a name that no longer parses or resolves: fall through to the ID
        }
        return c.imageId().shortHex();
    }

    /** Entrypoint and Cmd (as run set them), joined by spaces. */
    static String command(dev.stowage.container.run.ContainerRunner runner, Container c) {
        try {
            return String.join(" ", runner.command(c));
        } catch (Exception e) {
            return "";
        }
    }
}
