package dev.stowage.cli;

import dev.stowage.registry.Login;
import dev.stowage.registry.credentials.RegistryKeys;

import dev.stowage.registry.credentials.Credential;
import dev.stowage.registry.credentials.StoreResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code stowage login}: verifies the credentials through the registry's own auth flow first, then stores
 * them where docker would (a credential helper, else config.json with a warning), as {@code docker login}.
 */
@Command(name = "login", description = "Log in to a registry (default: Docker Hub).")
final class LoginCommand extends StoreCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server = "docker.io";

    @Option(names = {"-u", "--username"})
    String username;

    @Option(names = {"-p", "--password"}, description = "Password (insecure: prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Override
    int execute() throws Exception {
        String registry = RegistryKeys.normalize(server);
        if (password != null && passwordStdin) throw new StowageCli.CommandFailure("--password and --password-stdin are mutually exclusive");
        if (password != null) err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        Console console = System.console();
        if (username == null) {
            if (console == null || passwordStdin) throw new StowageCli.CommandFailure("username is required (-u USER)");
            username = console.readLine("Username: ");
        }
        if (passwordStdin) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(root().context.in(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            password = line == null ? "" : line.replaceAll("[\r\n]+$", "");
        } else if (password == null) {
            if (console == null) throw new StowageCli.CommandFailure("password is required (--password-stdin or -p)");
            char[] chars = console.readPassword("Password: ");
            password = chars == null ? "" : new String(chars);
        }
        if (username.isBlank() || password.isEmpty()) throw new StowageCli.CommandFailure("username and password must not be empty");
        Credential credential = Login.verify(registry, new Credential(username, password, false), root().registryAccess().settings());
        StoreResult where = root().registryAccess().credentials().store(registry, credential);
        if (where.unencrypted()) {
            err().println("WARNING! Your password will be stored unencrypted in " + where.file() + ".");
            err().println("Configure a credential helper to remove this warning.");
        }
        out().println("Login Succeeded");
        return 0;
    }

    /** Credentials are the same for the store and engines (push and pull through an engine send them). */
    @Override
    boolean supportsEngine() {
        return true;
    }
}
