package dev.stowage.container.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@code -u USER[:GROUP]} (names or numbers) through the rootfs' {@code /etc/passwd} and
 * {@code /etc/group}, as libcontainer's {@code GetExecUser} does for docker: an unknown name is an error, an
 * unknown number is taken as is (group 0), the user's supplementary groups come from {@code /etc/group}.
 * The files are read only when neither they nor {@code /etc} are symlinks (they could point at the host's).
 */
public final class UserLookup {
    public record ExecUser(long uid, long gid, List<Long> additionalGids, String home) {
    }

    private UserLookup() {
    }

    public static ExecUser resolve(Path rootfs, String spec) throws IOException {
        String text = spec == null ? "" : spec;
        String userPart = text;
        String groupPart = null;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            userPart = text.substring(0, colon);
            groupPart = text.substring(colon + 1);
        }
        List<String[]> passwd = read(rootfs, "passwd");
        List<String[]> groups = read(rootfs, "group");
        long uid = 0, gid = 0;
        String home = "/";
        String name = null;
        String[] entry = null;
        if (userPart.isEmpty()) userPart = "0";
        Long number = number(userPart);
        for (String[] p : passwd) {
            if (p.length < 4) continue;
            if (number == null ? p[0].equals(userPart) : userPart.equals(p[2])) {
                entry = p;
                break;
            }
        }
        if (entry != null) {
            name = entry[0];
            uid = parse(entry[2]);
            gid = parse(entry[3]);
            if (entry.length > 5 && !entry[5].isEmpty()) home = entry[5];
        } else if (number != null) {
            uid = number;
        } else {
            throw new RunFailure(RunFailure.STOWAGE, "unable to find user " + userPart + ": no matching entries in passwd file");
        }
        List<Long> extra = new ArrayList<>();
        if (groupPart != null && !groupPart.isEmpty()) {
            Long g = number(groupPart);
            String[] found = null;
            for (String[] gr : groups) {
                if (gr.length < 3) continue;
                if (g == null ? gr[0].equals(groupPart) : groupPart.equals(gr[2])) {
                    found = gr;
                    break;
                }
            }
            if (found != null) gid = parse(found[2]);
            else if (g != null) gid = g;
            else throw new RunFailure(RunFailure.STOWAGE, "unable to find group " + groupPart + ": no matching entries in group file");
        } else if (name != null) {
            for (String[] gr : groups) {
                if (gr.length < 4 || gr[3].isEmpty()) continue;
                for (String member : gr[3].split(",")) {
                    if (member.strip().equals(name)) {
                        long g = parse(gr[2]);
                        if (g != gid && !extra.contains(g)) extra.add(g);
                    }
                }
            }
        }
        return new ExecUser(uid, gid, extra, home);
    }

    private static List<String[]> read(Path rootfs, String file) throws IOException {
        Path etc = rootfs.resolve("etc");
        Path path = etc.resolve(file);
        List<String[]> out = new ArrayList<>();
        if (!Files.isDirectory(etc, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) return out;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            out.add(line.split(":", -1));
        }
        return out;
    }

    private static Long number(String s) {
        if (!s.matches("[0-9]{1,10}")) return null;
        return Long.parseLong(s);
    }

    private static long parse(String s) {
        Long n = number(s.strip());
        return n == null ? 0 : n;
    }
}
