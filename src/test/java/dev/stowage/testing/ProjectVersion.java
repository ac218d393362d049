package dev.stowage.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version pom.xml gives the project: what {@code stowage --version} must print. */
public final class ProjectVersion {
    private ProjectVersion() {
    }

    public static String fromPom() throws IOException {
        Matcher m = Pattern.compile("<artifactId>stowage</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        if (!m.find()) throw new IllegalStateException("pom.xml names no version of stowage");
        return m.group(1);
    }
}
