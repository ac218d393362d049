package dev.stowage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a command line that names no command asks of the desktop app: the store to open ({@code --store},
 * null for the usual choice) and image archives to import (absolute, since a running app with another working
 * directory may receive them).
 */
public record DesktopRequest(Path store, List<Path> files) {
    public DesktopRequest {
        files = List.copyOf(files);
    }

    /**
     * The request of {@code args} when they hold nothing but {@code --store DIR} and existing files, as no
     * arguments at all do, or as {@code stowage %F} from a file manager does; empty when they name a command,
     * ask for help or the version, or hold anything else: the CLI then runs and explains.
     */
    public static Optional<DesktopRequest> of(String... args) {
        if (args.length == 0) return Optional.of(new DesktopRequest(null, List.of()));
        String word = StowageCli.commandWord(args);
        if (word != null && StowageCli.isCommandName(word)) return Optional.empty();
        StowageCli root = new StowageCli(StowageCli.Context.system());
        CommandLine cli = new CommandLine(root);
        cli.getCommandSpec().addPositional(PositionalParamSpec.builder().paramLabel("FILE").arity("0..*")
                .type(List.class).auxiliaryTypes(Path.class).build());
        try {
            ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) return Optional.empty();
            if (root.engineOption != null || !root.insecureRegistries.isEmpty()) return Optional.empty();
            List<Path> files = parsed.matchedPositionalValue(0, List.<Path>of());
            if (!files.stream().allMatch(Files::isRegularFile)) return Optional.empty();
            return Optional.of(new DesktopRequest(root.storeDir,
                    files.stream().map(f -> f.toAbsolutePath().normalize()).toList()));
        } catch (CommandLine.ParameterException e) {
            return Optional.empty();
        }
    }
}
