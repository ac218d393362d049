package dev.stowage.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The test classpath copied where an unprivileged user can read it (root's ~/.m2 is not), for processes run through setpriv. */
public final class ReadableClasspath {
    private ReadableClasspath() {
    }

    public static String copyTo(Path copy) throws IOException {
        Files.createDirectories(copy);
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(element);
            if (!Files.exists(source)) continue;
            Path target = copy.resolve(i++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> walk = Files.walk(source)) {
                    for (Path p : walk.toList()) {
                        Path t = target.resolve(source.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(t);
                        else Files.copy(p, t);
                    }
                }
            } else {
                Files.copy(source, target);
            }
            entries.add(target.toString());
        }
        try (Stream<Path> walk = Files.walk(copy)) {
            for (Path p : walk.toList()) Files.setAttribute(p, "unix:mode", Files.isDirectory(p) ? 0755 : 0644);
        }
        return String.join(File.pathSeparator, entries);
    }
}
