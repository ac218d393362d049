package dev.stowage.ui.services;

import dev.stowage.registry.RegistrySettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The desktop app's own settings and remembered choices (window geometry, theme, language, store location,
 * last export format, …) in {@code ${XDG_CONFIG_HOME:-~/.config}/stowage/desktop.properties}. Read once with
 * {@link #load} off the FX thread; changes are kept in memory and written by a background thread, which the
 * JVM waits for at exit (it is not a daemon), so a change made just before quitting is not lost.
 */
public final class DesktopSettings {
    public static final String FILE_NAME = "desktop.properties";

    public static final String THEME = "theme";
    public static final String LANGUAGE = "language";
    public static final String STORE = "store";

    private final Path file;
    private final Properties properties;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stowage-settings-writer");
        t.setDaemon(false);
        return t;
    });

    private DesktopSettings(Path file, Properties properties) {
        this.file = file;
        this.properties = properties;
    }

    /** Reads the settings file of this environment (none yet is fine; a damaged one is ignored). */
    public static DesktopSettings load(Map<String, String> env) {
        Path file = RegistrySettings.configDir(env).resolve(FILE_NAME);
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                p.clear();
            }
        }
        return new DesktopSettings(file, p);
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<String> get(String key) {
        String v = properties.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public double getDouble(String key, double fallback) {
        try {
            return get(key).map(Double::parseDouble).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Sets (null removes) a value and writes the file in the background. */
    public void put(String key, String value) {
        synchronized (this) {
            if (value == null) properties.remove(key); else properties.setProperty(key, value);
        }
        save();
    }

    public void putAll(Map<String, String> values) {
        synchronized (this) {
            values.forEach((k, v) -> {
                if (v == null) properties.remove(k); else properties.setProperty(k, v);
            });
        }
        save();
    }

    private void save() {
        Properties copy;
        synchronized (this) {
            copy = (Properties) properties.clone();
        }
        if (writer.isShutdown()) return; // closing: what was queued before is still written
        writer.execute(() -> {
            try {
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(file.getParent(), ".desktop-", ".tmp");
                try (OutputStream out = Files.newOutputStream(temp)) {
                    copy.store(out, "Stowage desktop app");
                }
                Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Lets queued writes finish (waiting up to 5 s: the app exits with System.exit right after, which would
     * otherwise cut the last write — the window's geometry — short), then ends the writer thread.
     */
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: waits until every queued write is on disk. */
    public void flush() throws InterruptedException {
        var done = writer.submit(() -> { });
        try {
            done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
