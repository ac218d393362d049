package dev.stowage.store;

import dev.stowage.testing.Cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a process of its own by {@link ConcurrentReadersTest}: until the time is up, runs the read-only commands
 * ({@code images}, {@code inspect}, {@code history} and {@code layers} of an image no writer touches, and with
 * {@code verify} as last argument {@code verify}) and counts the failures. Prints the rounds done and each
 * failure; exits 1 if any.
 */
public final class StoreReaderLoop {
    public static void main(String[] args) {
        Cli cli = new Cli(Path.of(args[0]));
        long until = System.currentTimeMillis() + Long.parseLong(args[1]);
        String stable = args[2];
        List<String[]> commands = new ArrayList<>(List.of(new String[]{"images"}, new String[]{"inspect", stable},
                new String[]{"history", stable}, new String[]{"layers", stable}));
        if (args.length > 3 && args[3].equals("verify")) commands.add(new String[]{"verify"});
        int rounds = 0;
        int failures = 0;
        while (System.currentTimeMillis() < until) {
            for (String[] command : commands) {
                Cli.Run run = cli.run(command);
                if (run.exitCode() != 0) {
                    failures++;
                    System.err.println("'" + String.join(" ", command) + "' failed: " + (run.err() + run.out()).strip());
                }
            }
            rounds++;
        }
        System.out.println("rounds=" + rounds + " failures=" + failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
