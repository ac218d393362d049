package dev.stowage.cli;

import dev.stowage.engine.EngineClient;
import dev.stowage.engine.EngineDiscovery;
import dev.stowage.engine.Engines;
import dev.stowage.error.ErrorText;
import dev.stowage.error.StowageException;
import dev.stowage.store.Store;
import dev.stowage.util.StowageVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@code stowage} command: docker-image-like commands over the embedded store. */
@Command(name = "stowage", mixinStandardHelpOptions = true, versionProvider = StowageCli.Version.class,
        description = "Manage container images in an embedded, daemonless OCI image store.")
public final class StowageCli implements Runnable {
    /** Every subcommand, in the order usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(ImagesCommand.class, LoadCommand.class, SaveCommand.class,
            TagCommand.class, RmiCommand.class, HistoryCommand.class, InspectCommand.class, VerifyCommand.class,
            ImageCommand.class, GcCommand.class, LoginCommand.class, LogoutCommand.class,
            PushCommand.class, PullCommand.class, CatalogCommand.class, LayersCommand.class, TreeCommand.class,
            AnalyzeCommand.class, ExportLayerCommand.class, DiffCommand.class, CreateCommand.class, PsCommand.class,
            RmCommand.class, CommitCommand.class, ImportCommand.class, ExportCommand.class, ContainerCommand.class,
            EnginesCommand.class, CopyCommand.class, RunCommand.class, StartCommand.class, StopCommand.class,
            RestartCommand.class, KillCommand.class, PauseCommand.class, UnpauseCommand.class, ExecCommand.class,
            LogsCommand.class, WaitCommand.class, TopCommand.class, CommandLine.HelpCommand.class);

    @Option(names = "--store", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Image store directory (default: $STOWAGE_STORE, else ${XDG_DATA_HOME:-~/.local/share}/stowage).")
    Path storeDir;

    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", scope = CommandLine.ScopeType.INHERIT,
            description = "Allow plain HTTP or unverified TLS for this registry (repeatable; loopback is insecure by default).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--engine", paramLabel = "NAME|URL", scope = CommandLine.ScopeType.INHERIT,
            description = "Work on a Docker or Podman engine's images instead of the store: a name from 'stowage engines', "
                    + "unix:///PATH or tcp://HOST:PORT (images, tag, rmi, image prune, inspect, history, commit, save, load, push, pull, ps, "
                    + "copy, engines; layers, tree, analyze, diff and export-layer read the image through a streamed save).")
    String engineOption;

    @Option(names = "--runtime", paramLabel = "PATH", scope = CommandLine.ScopeType.INHERIT,
            description = "OCI runtime for run, start, exec… (default: runc, else crun, from PATH).")
    String runtimeOption;

    final Context context;
    private Store store;
    private RegistryAccess registryAccess;
    private EngineClient engine;

    StowageCli(Context context) {
        this.context = context;
    }

    /** Where commands read and write: standard streams and environment, replaceable in tests. */
    public record Context(InputStream in, OutputStream binaryOut, PrintWriter out, PrintWriter err, Map<String, String> env) {
        public static Context system() {
            return new Context(System.in, System.out,
                    new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8), System.getenv());
        }
    }

    Store store() throws IOException {
        if (store == null) store = Store.open(storeDir != null ? storeDir : Store.defaultLocation(context.env()));
        return store;
    }

    /** Whether {@code --engine} was given. */
    boolean onEngine() {
        return engineOption != null;
    }

    /** The engine {@code --engine} names, else the first engine discovery finds that answers. */
    EngineClient engine() {
        if (engine == null) {
            EngineDiscovery discovery = new EngineDiscovery(context.env());
            engine = engineOption != null ? new EngineClient(discovery.resolve(engineOption)) : Engines.firstReachable(discovery);
        }
        return engine;
    }

    /** Makes commands read this store instead of the configured one (a throwaway store of engine images). */
    void useStore(Store temporary) {
        store = temporary;
    }

    RegistryAccess registryAccess() {
        if (registryAccess == null) registryAccess = new RegistryAccess(context.env(), insecureRegistries);
        return registryAccess;
    }

    /** Whether standard output is an interactive terminal (live progress) rather than a pipe or file. */
    boolean terminal() {
        return System.console() != null && context.binaryOut() == System.out;
    }

    @Override
    public void run() {
        if (engineOption != null || !insecureRegistries.isEmpty()) {
            throw new CommandFailure("--engine and --insecure-registry need a command;"
                    + " the desktop app finds engines itself and keeps insecure registries in its Settings");
        }
        commandLine(this, null).usage(context.out());
    }

    /**
     * The command line with the subcommand {@code args} names, or with all of them (for usage, help and
     * unknown words). picocli reflects over every registered command at start-up, which costs a CLI call
     * about a quarter of a second when all of them are built.
     */
    static CommandLine commandLine(StowageCli root, String[] args) {
        CommandLine cli = new CommandLine(root);
        String word = args == null ? null : commandWord(args);
        List<Class<?>> chosen = COMMANDS.stream().filter(c -> word != null && !word.equals("help") && namesOf(c).contains(word)).toList();
        for (Class<?> c : chosen.isEmpty() ? COMMANDS : chosen) cli.addSubcommand(c);
        stopAtCommand(cli);
        return cli;
    }

    /** Whether {@code word} names a command (or {@code help}). */
    static boolean isCommandName(String word) {
        return COMMANDS.stream().anyMatch(c -> namesOf(c).contains(word));
    }

    /** {@code run IMAGE CMD...} and {@code exec CONTAINER CMD...}: what follows the image or container is the command's, options included. */
    private static void stopAtCommand(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            Object command = sub.getCommand();
            if (command instanceof RunCommand || command instanceof ExecCommand) sub.setStopAtPositional(true);
            stopAtCommand(sub);
        }
    }

    private static List<String> namesOf(Class<?> command) {
        Command a = command.getAnnotation(Command.class);
        List<String> names = new ArrayList<>(List.of(a.aliases()));
        names.add(a.name());
        return names;
    }

    /** The first argument that is not a global option or its value. */
    static String commandWord(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--store") || a.equals("--insecure-registry") || a.equals("--engine") || a.equals("--runtime")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
    }

    public static int run(Context context, String... args) {
        CommandLine cli = commandLine(new StowageCli(context), args);
        cli.setOut(context.out());
        cli.setErr(context.err());
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            context.err().println("Error: " + ErrorText.oneLine(ex));
            context.err().flush();
            return ex instanceof dev.stowage.container.run.RunFailure f ? f.exitCode() : 1;
        });
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(run(Context.system(), args));
    }

    /** A command that failed after printing what it could (rmi with some bad names). */
    static final class CommandFailure extends StowageException {
        CommandFailure(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"stowage " + StowageVersion.current()};
        }
    }
}
