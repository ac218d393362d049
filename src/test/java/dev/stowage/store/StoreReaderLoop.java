package dev.stowage.store;

import dev.stowage.layer.ImageLayers;

import java.nio.file.Path;

/**
 * Run in a process of its own by {@link ConcurrentReadersTest}: until the time is up, does what the read-only
 * commands do ({@code images}, {@code inspect}/{@code history} of an image no writer touches, its layer view,
 * {@code verify}) and counts the failures. Prints the rounds done and each failure; exits 1 if any.
 */
public final class StoreReaderLoop {
    public static void main(String[] args) throws Exception {
        Store store = Store.open(Path.of(args[0]));
        long until = System.currentTimeMillis() + Long.parseLong(args[1]);
        String stable = args[2];
        boolean verify = args.length > 3 && args[3].equals("verify");
        int rounds = 0;
        int failures = 0;
        while (System.currentTimeMillis() < until) {
            try {
                store.images();
                LocalImage image = ImageResolver.of(store).resolve(stable);
                store.readConfig(image.manifest().config());
                ImageLayers.read(store, image);
                if (verify) {
                    Verifier.Report report = new Verifier(store).verify();
                    if (!report.ok()) throw new IllegalStateException("verify: " + report.problems());
                }
            } catch (Exception e) {
                failures++;
                System.err.println("read failed: " + e);
            }
            rounds++;
        }
        System.out.println("rounds=" + rounds + " failures=" + failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
