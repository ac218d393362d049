package dev.stowage.container;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * {@code export}: a container's filesystem as one tar, like {@code docker export}: every path of rootfs in
 * path order, with the metadata a commit would give it (placeholders as the devices they stand for,
 * ownership and modes that could not be applied restored), hard links kept.
 */
public final class Exporter {
    private Exporter() {
    }

    public static void export(Container c, OutputStream out) throws IOException {
        RootfsScan scan = RootfsScan.scan(c, true);
        LayerWriter writer = new LayerWriter(out, c, null, Instant.now().getEpochSecond());
        for (RootfsScan.Item item : scan.items()) writer.entry(item, c.rootfs());
        writer.finish();
        out.flush();
    }
}
