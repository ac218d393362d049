package dev.stowage.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stowage.container.Containers;
import dev.stowage.container.run.ContainerInspect;
import dev.stowage.error.ErrorText;
import dev.stowage.image.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code stowage container inspect CONTAINER...}: a JSON array shaped like {@code docker container inspect}, with
 * where the writable layer lives ({@code GraphDriver.Data.UpperDir}) and what it was unpacked from.
 */
@Command(name = "inspect", description = "Display detailed information on one or more containers (JSON).")
final class ContainerInspectCommand extends RuntimeCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    int execute() throws Exception {
        Containers all = runner().containers();
        ArrayNode array = Json.array();
        int failures = 0;
        for (String text : containers) {
            try {
                array.add(ContainerInspect.of(runner(), all.find(text)));
            } catch (RuntimeException e) {
                failures++;
                err().println("Error: " + ErrorText.oneLine(e));
            }
        }
        out().println(Json.pretty(array));
        return failures == 0 ? 0 : 1;
    }
}
