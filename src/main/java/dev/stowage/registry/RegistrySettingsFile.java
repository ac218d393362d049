package dev.stowage.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Json;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Changes what {@link RegistrySettings#load} reads: the {@code insecureRegistries} of settings.json (every other
 * field of the file is kept) and a registry's extra CA, installed as {@code certs.d/<host:port>/ca.crt}.
 */
public final class RegistrySettingsFile {
    private final Path file;
    private final Path certsDir;

    public RegistrySettingsFile(Map<String, String> env) {
        this.file = RegistrySettings.configDir(env).resolve("settings.json");
        this.certsDir = RegistrySettings.ownCertsDir(env);
    }

    public Path file() {
        return file;
    }

    /** The registries marked insecure in settings.json, as written. */
    public List<String> insecureRegistries() throws IOException {
        List<String> out = new ArrayList<>();
        read().path("insecureRegistries").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Marks a registry ({@code host[:port]}) insecure or not. */
    public void setInsecure(String registry, boolean insecure) throws IOException {
        String key = registry.trim().toLowerCase(Locale.ROOT);
        ObjectNode root = read();
        Set<String> set = new LinkedHashSet<>();
        root.path("insecureRegistries").forEach(n -> set.add(n.asText()));
        boolean changed = insecure ? set.add(key) : set.remove(key);
        if (!changed) return;
        ArrayNode list = root.putArray("insecureRegistries");
        set.forEach(list::add);
        Files.createDirectories(file.getParent());
        FileOps.writeAtomically(file, Json.bytes(root));
    }

    /** Where a registry's CA is installed. */
    public Path caFile(String registry) {
        return certsDir.resolve(registry.trim().toLowerCase(Locale.ROOT)).resolve("ca.crt");
    }

    /** Copies a PEM CA certificate to {@link #caFile}, replacing one installed before. */
    public Path installCa(String registry, Path pem) throws IOException {
        String text = Files.readString(pem);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw new RegistryException(pem + " is not a PEM certificate (no BEGIN CERTIFICATE line)");
        }
        Path target = caFile(registry);
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".ca-", ".tmp");
        try {
            Files.copy(pem, temp, StandardCopyOption.REPLACE_EXISTING);
            FileOps.moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private ObjectNode read() throws IOException {
        if (!Files.isRegularFile(file)) return Json.object();
        try {
            return Json.parseObject(Files.readAllBytes(file), file.toString());
        } catch (ImageFormatException e) {
            throw new RegistryException("cannot read settings " + file + ": " + e.getMessage());
        }
    }
}
