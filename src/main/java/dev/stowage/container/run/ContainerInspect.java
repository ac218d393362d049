package dev.stowage.container.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.container.Container;
import dev.stowage.image.ImageConfig;
import dev.stowage.image.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * A container as {@code docker container inspect} shows it, with where the writable layer lives
 * ({@code GraphDriver.Data.UpperDir}) and what it was unpacked from.
 */
public final class ContainerInspect {
    private ContainerInspect() {
    }

    public static ObjectNode of(ContainerRunner runner, Container c) throws IOException {
        ImageConfig image = ImageConfig.parse(Files.readAllBytes(c.configFile()));
        ObjectNode o = Json.object();
        o.put("Id", c.id());
        o.put("Created", c.created().toString());
        List<String> command = runner.command(c);
        o.put("Path", command.isEmpty() ? "" : command.get(0));
        ArrayNode args = o.putArray("Args");
        command.stream().skip(1).forEach(args::add);
        ObjectNode state = o.putObject("State");
        ContainerStatus status = runner.status(c);
        state.put("Status", status.state());
        state.put("Running", status.active());
        state.put("Paused", status.state().equals(ContainerStatus.PAUSED));
        state.put("Pid", status.pid());
        state.put("ExitCode", status.exitCode());
        if (status.startedAt() != null) state.put("StartedAt", status.startedAt().toString());
        if (status.finishedAt() != null) state.put("FinishedAt", status.finishedAt().toString());
        o.put("Image", c.imageId().toString());
        o.put("Name", "/" + c.name());
        o.put("Driver", "stowage");
        ObjectNode graph = o.putObject("GraphDriver");
        graph.put("Name", "stowage");
        ObjectNode data = graph.putObject("Data");
        data.put("UpperDir", c.rootfs().toString());
        data.put("Snapshot", c.snapshotFile().toString());
        ObjectNode config = image.runtimeConfig() instanceof ObjectNode runtime ? runtime.deepCopy() : Json.object();
        config.put("Image", c.image());
        o.set("Config", config);
        o.set("ImageManifest", c.manifest().toJson());
        o.put("Rootless", c.rootless());
        o.put("Entries", c.entries());
        return o;
    }
}
