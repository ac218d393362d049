package dev.stowage.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's busybox as a one-binary image rootfs, for the tests that run containers. */
public final class Busybox {
    private Busybox() {
    }

    public static Path binary() {
        Tools.require("busybox");
        Path bin = Path.of("/bin/busybox");
        if (Files.isExecutable(bin)) return bin;
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "busybox"))) return Path.of(d, "busybox");
        }
        throw new AssertionError("busybox not found");
    }

    /** A rootfs tarball with bin/busybox and its sh and httpd links, made with tar(1). */
    public static Path rootfsTarball(Path dir) throws Exception {
        Tools.require("tar");
        Path root = dir.resolve("bbroot");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(binary(), root.resolve("bin/busybox"));
        Files.setAttribute(root.resolve("bin/busybox"), "unix:mode", 0755);
        Files.createSymbolicLink(root.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(root.resolve("bin/httpd"), Path.of("busybox"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Path tarball = dir.resolve("busybox-rootfs.tar");
        Tools.run(dir, "tar", "-C", root.toString(), "--numeric-owner", "--owner=0", "--group=0", "-cf", tarball.toString(), ".").assertOk();
        return tarball;
    }
}
