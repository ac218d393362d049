package dev.stowage.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version the build wrote into {@code dev/stowage/version.properties}: what the CLI and the app's diagnostics name. */
public final class StowageVersion {
    private StowageVersion() {
    }

    public static String current() {
        try (InputStream in = StowageVersion.class.getResourceAsStream("/dev/stowage/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
