package dev.stowage.packaging;

import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.ProjectVersion;
import dev.stowage.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The native packages as {@code packaging/build.sh} makes them, built once for the class (one jpackage run, then
 * release 1 and release 2 of the .deb and the .rpm, gzip-compressed to be quick): their files, scripts and
 * dependencies, and install, upgrade to release 2 and removal in a throwaway root ({@code dpkg --root},
 * {@code rpm --root}), where the installed {@code stowage} runs. The machine's own package databases are not touched.
 */
class PackagesIT {
    private static final List<String> MIME_TYPES = List.of("application/x-tar", "application/gzip", "application/x-gzip",
            "application/x-compressed-tar", "application/x-bzip2", "application/x-bzip2-compressed-tar", "application/x-xz",
            "application/x-xz-compressed-tar", "application/zstd", "application/x-zstd-compressed-tar");
    private static final int[] ICON_SIZES = {16, 22, 24, 32, 48, 64, 128, 256};
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static Path dir;
    private static String version;
    private static boolean rpmBuilt;

    @BeforeAll
    static void build() throws Exception {
        for (String tool : List.of("jpackage", "dpkg-deb", "dpkg-shlibdeps", "dpkg")) Tools.require(tool);
        version = ProjectVersion.fromPom();
        dir = Files.createTempDirectory("stowage-packages");
        rpmBuilt = onPath("rpmbuild");
        buildRelease(1, "all");
        buildRelease(2, rpmBuilt ? "deb rpm" : "deb");
    }

    private static void buildRelease(int release, String what) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "STOWAGE_PACKAGE_RELEASE=" + release,
                "STOWAGE_PACKAGE_COMPRESSION=fast", "bash", "packaging/build.sh"));
        cmd.addAll(List.of(what.split(" ")));
        Tools.run(null, cmd).assertOk();
        Path to = Files.createDirectories(dir.resolve(String.valueOf(release)));
        try (DirectoryStream<Path> made = Files.newDirectoryStream(Path.of("target/package"), "stowage{_,-}*.{deb,rpm}")) {
            for (Path p : made) Files.move(p, to.resolve(p.getFileName()));
        }
    }

    @AfterAll
    static void removeTree() throws Exception {
        if (dir != null) Tools.run(null, "rm", "-rf", dir.toString());
    }

    @Test
    void debHoldsTheFilesNoScriptsAndDependenciesAptResolves() throws Exception {
        Path deb = only(1, "deb");
        String arch = Tools.run(null, "dpkg", "--print-architecture").assertOk().stdout().strip();
        assertThat(deb.getFileName()).hasToString("stowage_" + packageVersion() + "-1_" + arch + ".deb");

        String contents = Tools.run(null, "dpkg-deb", "-c", deb.toString()).assertOk().stdout();
        assertThat(contents).contains("./opt/stowage/bin/stowage\n", "./opt/stowage/lib/app/stowage.jar\n",
                "./usr/bin/stowage -> /opt/stowage/bin/stowage\n", "./usr/share/applications/stowage.desktop\n");
        for (int size : ICON_SIZES) assertThat(contents).contains("./usr/share/icons/hicolor/" + size + "x" + size + "/apps/stowage.png\n");

        // the control archive holds no maintainer script (preinst, postinst, prerm, postrm, triggers) that could fail
        String control = Tools.run(null, "sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -t", deb.toString()).assertOk().stdout();
        assertThat(control.lines().filter(l -> !l.equals("./"))).containsExactlyInAnyOrder("./control", "./md5sums");
        assertThat(Tools.run(null, "dpkg-deb", "-I", deb.toString()).assertOk().stdout())
                .contains("Package: stowage", "Version: " + packageVersion() + "-1");
        String depends = Tools.run(null, "dpkg-deb", "-f", deb.toString(), "Depends").assertOk().stdout();
        assertThat(depends).contains("libgtk-3-0 (>=", "libc6 (>=", "libgl1");

        Tools.require("apt-get");
        Tools.Result apt = Tools.run(null, "apt-get", "install", "--simulate", "--no-install-recommends", deb.toString());
        assertThat(apt.exitCode()).as(apt.stderr() + apt.stdout()).isZero();
        assertThat(apt.stdout()).contains("Inst stowage (" + packageVersion() + "-1");
    }

    @Test
    void debInstallsUpgradesAndPurgesInAThrowawayRoot() throws Exception {
        Path root = dir.resolve("deb-root");
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");

        dpkg(root, "--install", only(1, "deb").toString()).assertOk();
        assertThat(dpkg(root, "--status", "stowage").assertOk().stdout())
                .contains("Status: install ok installed", "Version: " + packageVersion() + "-1");
        runsInstalled(root);

        Tools.Result upgrade = dpkg(root, "--install", only(2, "deb").toString()).assertOk();
        assertThat(upgrade.stdout()).contains("over (" + packageVersion() + "-1)");
        assertThat(dpkg(root, "--status", "stowage").assertOk().stdout()).contains("Version: " + packageVersion() + "-2");
        runsInstalled(root);

        dpkg(root, "--purge", "stowage").assertOk();
        assertThat(dpkg(root, "--status", "stowage").exitCode()).isNotZero();
        assertThat(leftovers(root, "var/lib/dpkg")).isEmpty();
    }

    @Test
    void rpmHoldsTheFilesNoScriptsAndSonameRequirements() throws Exception {
        requireRpm();
        Path rpm = only(1, "rpm");
        assertThat(rpm.getFileName().toString()).startsWith("stowage-" + packageVersion() + "-1.").endsWith(".rpm");
        assertThat(queryRpm("--scripts", rpm).assertOk().stdout()).isBlank();
        String files = queryRpm("--list", rpm).assertOk().stdout();
        assertThat(files).contains("/opt/stowage/bin/stowage\n", "/opt/stowage/lib/app/stowage.jar\n", "/usr/bin/stowage\n",
                "/usr/share/applications/stowage.desktop\n");
        for (int size : ICON_SIZES) assertThat(files).contains("/usr/share/icons/hicolor/" + size + "x" + size + "/apps/stowage.png\n");
        String requires = queryRpm("--requires", rpm).assertOk().stdout();
        assertThat(requires).contains("libgtk-3.so.0()(64bit)", "libc.so.6()(64bit)").doesNotContain("libjvm", "libjli");
    }

    @Test
    void rpmInstallsUpgradesAndErasesInAThrowawayRoot() throws Exception {
        requireRpm();
        Path root = Files.createDirectories(dir.resolve("rpm-root"));
        rpm(root, "--initdb").assertOk();

        rpm(root, "--install", "--nodeps", only(1, "rpm").toString()).assertOk();
        assertThat(rpm(root, "--query", "stowage").assertOk().stdout()).startsWith("stowage-" + packageVersion() + "-1.");
        runsInstalled(root);

        rpm(root, "--upgrade", "--nodeps", only(2, "rpm").toString()).assertOk();
        assertThat(rpm(root, "--query", "stowage").assertOk().stdout()).startsWith("stowage-" + packageVersion() + "-2.");
        runsInstalled(root);

        rpm(root, "--erase", "stowage").assertOk();
        assertThat(rpm(root, "--query", "stowage").exitCode()).isNotZero();
        assertThat(leftovers(root, "var/lib/rpm")).isEmpty();
    }

    /** {@code /usr/bin/stowage} leads to the launcher, which runs the CLI; the menu entry and icons are in place. */
    private static void runsInstalled(Path root) throws Exception {
        Path link = root.resolve("usr/bin/stowage");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/opt/stowage/bin/stowage"));
        // the link is absolute (Debian policy): inside the throwaway root it leads to root + its target
        String stowage = root + Files.readSymbolicLink(link).toString();
        Path store = dir.resolve("store");
        Path archive = ImageArchives.ociArchive(dir.resolve("packaged.tar"), "example.com/packaged:1", List.of("sh"),
                ImageArchives.layer(Map.of("a.txt", "a")));
        List<String> env = List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + dir.resolve("home"), "STOWAGE_STORE=" + store);

        assertThat(run(env, stowage, "--version").stdout().strip()).isEqualTo("stowage " + version);
        run(env, stowage, "load", "-i", archive.toString());
        assertThat(run(env, stowage, "images").stdout()).contains("REPOSITORY", "example.com/packaged");
        run(env, stowage, "rmi", "example.com/packaged:1");

        String entry = Files.readString(root.resolve("usr/share/applications/stowage.desktop"));
        assertThat(entry).contains("\nExec=stowage %F\n", "\nIcon=stowage\n", "\nType=Application\n");
        String mimeLine = entry.lines().filter(l -> l.startsWith("MimeType=")).findFirst().orElseThrow();
        assertThat(List.of(mimeLine.substring("MimeType=".length()).split(";"))).containsAll(MIME_TYPES);
        for (int size : ICON_SIZES) {
            BufferedImage icon = ImageIO.read(root.resolve("usr/share/icons/hicolor/" + size + "x" + size + "/apps/stowage.png").toFile());
            assertThat(icon.getWidth()).isEqualTo(size);
            assertThat(icon.getHeight()).isEqualTo(size);
        }
    }

    private static Tools.Result run(List<String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(env);
        cmd.addAll(List.of(command));
        return Tools.run(null, cmd).assertOk();
    }

    /** dpkg on the throwaway root, its log there too; as another user than root it needs --force-not-root. */
    private static Tools.Result dpkg(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg", "--root=" + root, "--log=" + dir.resolve("dpkg.log"), "--force-depends"));
        if (!ROOT) cmd.add("--force-not-root");
        cmd.addAll(List.of(args));
        return Tools.run(null, cmd);
    }

    /** rpm on the throwaway root and its own database; rpm cannot set owners without root, so another user runs it in a user namespace. */
    private static Tools.Result rpm(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (!ROOT) cmd.addAll(List.of("unshare", "--map-root-user"));
        cmd.addAll(List.of("rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm"));
        cmd.addAll(List.of(args));
        return Tools.run(null, cmd);
    }

    /** Queries a package file; the database named is an empty folder, so not even the machine's rpm database is read. */
    private static Tools.Result queryRpm(String what, Path file) throws Exception {
        return Tools.run(null, "rpm", "--dbpath", dir.resolve("query-db").toString(), "--query", "--package", what, file.toString());
    }

    private static void requireRpm() {
        Tools.require("rpmbuild");
        Tools.require("rpm");
        assertThat(rpmBuilt).as("build.sh made the rpm").isTrue();
    }

    /** Files and links left in the root outside the package manager's own database. */
    private static List<Path> leftovers(Path root, String database) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.startsWith(root.resolve(database))).toList();
        }
    }

    private static Path only(int release, String type) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(String.valueOf(release)))) {
            List<Path> found = files.filter(p -> p.toString().endsWith("." + type)).toList();
            assertThat(found).as("release " + release + " ." + type).hasSize(1);
            return found.get(0);
        }
    }

    /** The version in the packages: 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT, which sorts before 0.1.0. */
    private static String packageVersion() {
        return version.replace('-', '~');
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }
}
