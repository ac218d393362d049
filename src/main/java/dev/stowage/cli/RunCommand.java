package dev.stowage.cli;

import dev.stowage.container.Container;
import dev.stowage.container.run.ContainerRunner;
import dev.stowage.container.run.EnvFile;
import dev.stowage.container.run.RunSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code stowage run}: create a container from an image and run it on the OCI runtime (docker run). */
@Command(name = "run", description = {"Create and run a new container from an image.",
        "Exit codes as docker's: 125 when stowage fails, 126 when the command cannot be invoked, 127 when it is not found, else the container's."})
final class RunCommand extends RuntimeCommand {
    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container ID.")
    boolean detach;
    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open.")
    boolean interactive;
    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;
    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean autoRemove;
    @Option(names = "--name", paramLabel = "NAME")
    String name;
    @Option(names = {"-e", "--env"}, paramLabel = "K=V", description = "Set an environment variable (K alone takes this environment's value).")
    List<String> env = new ArrayList<>();
    @Option(names = "--env-file", paramLabel = "FILE")
    List<Path> envFiles = new ArrayList<>();
    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR")
    String workdir;
    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]")
    String user;
    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CONTAINER[:ro]")
    List<String> volumes = new ArrayList<>();
    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOST:CONTAINER[/tcp]")
    List<String> ports = new ArrayList<>();
    @Option(names = "--entrypoint", paramLabel = "CMD")
    String entrypoint;
    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME")
    String hostname;
    @Option(names = {"--network", "--net"}, paramLabel = "private|host|none", description = "private (slirp4netns, the default), host or none.")
    String network;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;
    @Parameters(index = "1..*", paramLabel = "CMD")
    List<String> command = new ArrayList<>();

    @Override
    int execute() throws Exception {
        return as125(this::runIt);
    }

    private int runIt() throws Exception {
        List<String> values = new ArrayList<>();
        for (Path f : envFiles) {
            if (!Files.isRegularFile(f)) throw new StowageCli.CommandFailure("open " + f + ": no such file or directory");
            values.addAll(EnvFile.parse(Files.readString(f), root().context.env()));
        }
        values.addAll(EnvFile.resolve(env, root().context.env()));
        RunSpec spec = new RunSpec(entrypoint, command, values, user, workdir, hostname,
                volumes.stream().map(RunSpec.Volume::parse).toList(), ports.stream().map(RunSpec.PortForward::parse).toList(),
                network, tty, interactive, autoRemove);
        if (interactive && tty && !detach && System.console() == null) {
            throw new StowageCli.CommandFailure("the input device is not a TTY");
        }
        ContainerRunner runner = runner();
        Container c = runner.create(image, name, spec);
        if (detach || !interactive) {
            try {
                runner.startDetached(c, detach);
            } catch (Exception e) {
                runner.removeQuietly(c, e);
                throw e;
            }
            if (detach) {
                out().println(c.id());
                return 0;
            }
            int code = attach(c);
            if (autoRemove) runner.remove(c, true);
            return code;
        }
        int code;
        try {
            code = runner.runForeground(c);
        } catch (Exception e) {
            runner.removeQuietly(c, e);
            throw e;
        }
        if (autoRemove) runner.remove(c, true);
        return code;
    }
}
