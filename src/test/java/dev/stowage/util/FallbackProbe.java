package dev.stowage.util;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Run by {@link NativeGzipTest} in a child JVM with {@code -Dstowage.native=false}: gzip both ways, and what was used. */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    static byte[] input() {
        return ParallelGzipTest.mixed(2 * (1 << 20) + 777, 31);
    }

    public static void main(String[] args) throws Exception {
        byte[] input = input();
        ParallelGzip gzip = ParallelGzip.defaults();
        try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
            gzip.compress(new ByteArrayInputStream(input), out);
        }
        byte[] back;
        String reader;
        try (InputStream in = Compressors.gunzip(Files.newInputStream(Path.of(args[0])))) {
            reader = in.getClass().getSimpleName();
            back = in.readAllBytes();
        }
        Sha256 sha = Sha256.create();
        sha.update(input, 0, input.length);
        boolean shaOk = sha.digest().equals(dev.stowage.image.Digest.sha256(input));
        System.out.println("available=" + Isal.available() + " engine=" + gzip.engine() + " reader=" + reader
                + " roundtrip=" + (Arrays.equals(input, back) ? "ok" : "BAD")
                + " sha=" + sha.getClass().getSimpleName() + (shaOk ? "-ok" : "-BAD"));
    }
}
