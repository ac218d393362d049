package dev.stowage.container;

import dev.stowage.testing.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile layers (containerd's TestBreakouts list and more): {@code create} either refuses with a one-line
 * error or writes everything inside rootfs. A sentinel directory beside the store, reachable from the rootfs
 * by {@code ../} and by its absolute path, must be untouched, and nothing may appear outside the store.
 */
class BreakoutTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;
    Path sentinel;
    Cli cli;

    /** A hostile image: its layers (built once the sentinel's path is known), and what must hold after create. */
    record Case(String name, Function<String, List<LayerTar>> layers, String refusal, Check check) {
        @Override
        public String toString() {
            return name;
        }
    }

    interface Check {
        void verify(Path rootfs, String sentinel) throws IOException;
    }

    static final String UP = "../".repeat(12);

    static Case ok(String name, Function<String, List<LayerTar>> layers, Check check) {
        return new Case(name, layers, null, check);
    }

    static Case refused(String name, String message, Function<String, List<LayerTar>> layers) {
        return new Case(name, layers, message, null);
    }

    static String text(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    static void same(Path a, Path b) throws IOException {
        assertThat(Files.isSameFile(a, b)).as(a + " and " + b + " are one file").isTrue();
    }

    /** {@code s} is the sentinel's absolute path without the leading slash. */
    static Stream<Case> cases() {
        return Stream.of(
                ok("SymlinkAbsolute", s -> List.of(new LayerTar().dir("etc").symlink("localetc", "/" + s)
                        .file("localetc/passwd", "pwned")),
                        (r, s) -> assertThat(text(r.resolve(s).resolve("passwd"))).isEqualTo("pwned")),
                ok("SymlinkToHostEtc", s -> List.of(new LayerTar().symlink("localetc", "/etc")
                        .file("localetc/stowage-breakout-probe", "x")),
                        (r, s) -> assertThat(text(r.resolve("etc/stowage-breakout-probe"))).isEqualTo("x")),
                refused("SymlinkLoopToItself", "too many levels of symbolic links",
                        s -> List.of(new LayerTar().symlink("etc", "/etc").file("etc/passwd", "x"))),
                ok("SymlinkUpAndOut", s -> List.of(new LayerTar().dir("dummy").symlink("localetc", "/dummy/" + UP + s)
                        .file("localetc/passwd", "pwned")),
                        (r, s) -> assertThat(text(r.resolve(s).resolve("passwd"))).isEqualTo("pwned")),
                ok("SymlinkRelativeUp", s -> List.of(new LayerTar().symlink("up", UP).file("up/" + s + "/passwd", "pwned")),
                        (r, s) -> assertThat(text(r.resolve(s).resolve("passwd"))).isEqualTo("pwned")),
                ok("DotDotAndAbsoluteNames", s -> List.of(new LayerTar().file("../../../../sentinel/passwd", "pwned")
                        .file(UP + s + "/evil", "e").file("/stowage-abs-probe/x", "abs")),
                        (r, s) -> {
                            assertThat(text(r.resolve("sentinel/passwd"))).isEqualTo("pwned");
                            assertThat(text(r.resolve(s).resolve("evil"))).isEqualTo("e");
                            assertThat(text(r.resolve("stowage-abs-probe/x"))).isEqualTo("abs");
                        }),
                refused("HardlinkToOutsideAbsolute", "hard link target", s -> List.of(new LayerTar().hardlink("pw", "/" + s + "/passwd"))),
                refused("HardlinkToHostShadow", "hard link target", s -> List.of(new LayerTar().hardlink("sh", UP + "etc/shadow"))),
                ok("HardlinkDotDotStaysInside", s -> List.of(new LayerTar().dir("etc").file("etc/shadow", "inside")
                        .hardlink("sh", UP + "etc/shadow")),
                        (r, s) -> same(r.resolve("sh"), r.resolve("etc/shadow"))),
                ok("HardlinkThroughAbsoluteSymlink", s -> List.of(new LayerTar().dir("etc").file("etc/passwd", "inside")
                        .symlink("localetc", "/etc").hardlink("localpasswd", "localetc/passwd")),
                        (r, s) -> same(r.resolve("localpasswd"), r.resolve("etc/passwd"))),
                ok("HardlinkThroughRelativeSymlink", s -> List.of(new LayerTar().dir("etc").file("etc/passwd", "inside")
                        .dir("breakouts").symlink("breakouts/d1", "../../etc").hardlink("breakouts/mypasswd", "/breakouts/d1/passwd")),
                        (r, s) -> same(r.resolve("breakouts/mypasswd"), r.resolve("etc/passwd"))),
                refused("HardlinkThroughSymlinkToOutside", "hard link target",
                        s -> List.of(new LayerTar().symlink("l", "/" + s).hardlink("x", "l/passwd"))),
                refused("HardlinkToDirectory", "hard link to a directory",
                        s -> List.of(new LayerTar().dir("etc").hardlink("e", "etc"))),
                ok("HardlinkToSymlinkNeverChmods", s -> List.of(new LayerTar().symlink("f", "/" + s + "/passwd").hardlink("g", "f")
                        .symlink("x", "/" + s + "/sub").dir("x", 0777).file("x/y", "y")),
                        (r, s) -> {
                            assertThat(Files.isSymbolicLink(r.resolve("g"))).isTrue();
                            assertThat(Files.isDirectory(r.resolve("x"), LinkOption.NOFOLLOW_LINKS)).isTrue();
                            assertThat(Files.getAttribute(r.resolve("x"), "unix:mode")).isEqualTo(040777);
                            assertThat(text(r.resolve("x/y"))).isEqualTo("y");
                        }),
                ok("LinksNamedDotDotOrEmpty", s -> List.of(new LayerTar().dir("etc").file("etc/passwd", "inside")
                        .symlink("..", "/" + s).symlink("", "/" + s).symlink(".", "/" + s)
                        .hardlink("localpasswd", "/etc/passwd").file("../x", "x")),
                        (r, s) -> {
                            same(r.resolve("localpasswd"), r.resolve("etc/passwd"));
                            assertThat(text(r.resolve("x"))).isEqualTo("x");
                        }),
                ok("SymlinkParentRelative", s -> List.of(new LayerTar().symlink("localetc/sub/..", "/" + s).file("localetc/y", "y")),
                        (r, s) -> assertThat(text(r.resolve(s).resolve("y"))).isEqualTo("y")),
                ok("SymlinkDotDotChains", s -> List.of(new LayerTar().symlink("a", "..").symlink("b", "a/a/a/a/a/a")
                        .file("b/b/x", "x").file("a/a/a/y", "y").symlink("c", "b/../../a/" + UP + s).file("c/z", "z")),
                        (r, s) -> {
                            assertThat(text(r.resolve("x"))).isEqualTo("x");
                            assertThat(text(r.resolve("y"))).isEqualTo("y");
                            assertThat(text(r.resolve(s).resolve("z"))).isEqualTo("z");
                        }),
                ok("DirectoryReplacedBySymlinkThenWrite", s -> List.of(new LayerTar().dir("d").file("d/f", "f"),
                        new LayerTar().symlink("d", "/" + s).file("d/evil", "e").file("d/passwd", "pwned")),
                        (r, s) -> {
                            assertThat(Files.isSymbolicLink(r.resolve("d"))).isTrue();
                            assertThat(text(r.resolve(s).resolve("evil"))).isEqualTo("e");
                            assertThat(text(r.resolve(s).resolve("passwd"))).isEqualTo("pwned");
                        }),
                ok("DirectoryReplacedBySymlinkInOneLayer", s -> List.of(new LayerTar().dir("d").file("d/f", "f")
                        .symlink("d", UP + s).file("d/evil", "e")),
                        (r, s) -> assertThat(text(r.resolve(s).resolve("evil"))).isEqualTo("e")),
                ok("WhiteoutsThroughSymlinks", s -> List.of(new LayerTar().symlink("localetc", "/" + s).symlink("up", UP),
                        new LayerTar().whiteout("localetc/passwd").opaque("localetc").whiteout("up/" + s + "/passwd")
                                .opaque("up/" + s).whiteout("localetc")),
                        (r, s) -> {
                            assertThat(r.resolve("localetc")).doesNotExist();
                            assertThat(Files.isSymbolicLink(r.resolve("up"))).isTrue();
                        }),
                refused("WhiteoutOfTheParent", "invalid whiteout", s -> List.of(new LayerTar().dir("etc"), new LayerTar().file("etc/.wh...", "", 0644))),
                refused("WhiteoutOfTheDirectoryItself", "invalid whiteout", s -> List.of(new LayerTar().dir("etc"), new LayerTar().file(".wh..", "", 0644))),
                ok("DuplicatesLastWins", s -> List.of(new LayerTar().file("dup", "1").file("./dup", "2").file("/dup", "3")
                        .dir("dd").file("dd/child", "c").file("dd", "a file now")),
                        (r, s) -> {
                            assertThat(text(r.resolve("dup"))).isEqualTo("3");
                            assertThat(text(r.resolve("dd"))).isEqualTo("a file now");
                        }));
    }

    @BeforeEach
    void setUp() throws IOException {
        sentinel = dir.resolve("sentinel").toAbsolutePath();
        Files.createDirectories(sentinel.resolve("sub"));
        Files.writeString(sentinel.resolve("passwd"), "sentinel");
        Files.setAttribute(sentinel.resolve("passwd"), "unix:mode", 0600);
        Files.setAttribute(sentinel.resolve("sub"), "unix:mode", 0700);
        cli = new Cli(dir.resolve("store"));
    }

    /** Every path under the sentinel with its type, mode and content. */
    private Map<String, String> sentinelState() throws IOException {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("sentinel"))) {
            for (Path p : walk.toList()) {
                String what = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) + " "
                        + Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) what += " " + text(p);
                state.put(dir.relativize(p).toString(), what);
            }
        }
        return state;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileLayersStayInsideRootfs(Case c) throws Exception {
        Map<String, String> before = sentinelState();
        String s = sentinel.toString().substring(1);
        List<LayerTar> layers = c.layers().apply(s);
        TestImages.load(cli, dir, "hostile:1", false, layers.stream().map(LayerTar::bytes).toArray(byte[][]::new));
        Cli.Run run = cli.run("create", "--name", "victim", "hostile:1");
        if (c.refusal() != null) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).startsWith("Error: layer ").contains(c.refusal()).endsWith("\n");
            assertThat(run.err().lines()).hasSize(1);
            try (Stream<Path> left = Files.list(dir.resolve("store/containers"))) {
                assertThat(left).as("a refused create leaves nothing").isEmpty();
            }
        } else {
            assertThat(run.exitCode()).as(run.err()).isZero();
            Path rootfs = ContainerCommandsTest.rootfs(cli, "victim");
            c.check().verify(rootfs, s);
            assertThat(cli.run("diff", "victim").out()).as("the snapshot matches what was made").isEmpty();
            assertThat(cli.run("rm", "victim").exitCode()).isZero();
        }
        assertThat(sentinelState()).isEqualTo(before);
        try (Stream<Path> top = Files.list(dir)) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("sentinel", "store");
        }
        assertThat(Path.of("/etc/stowage-breakout-probe")).doesNotExist();
        assertThat(Path.of("/stowage-abs-probe")).doesNotExist();
    }
}
