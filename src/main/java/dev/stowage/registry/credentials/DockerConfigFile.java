package dev.stowage.registry.credentials;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.error.ErrorText;
import dev.stowage.image.Json;
import dev.stowage.util.FileOps;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's config.json, or podman's auth.json (same {@code auths} layout), kept as a Jackson tree so that
 * saving preserves every field this class does not know. Secrets never appear in its messages.
 */
final class DockerConfigFile {
    private static final long MAX_SIZE = 16L << 20;
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final ObjectNode root;

    private DockerConfigFile(Path path, ObjectNode root) {
        this.path = path;
        this.root = root;
    }

    Path path() {
        return path;
    }

    /** Reads the file; a missing or blank file is an empty configuration. */
    static DockerConfigFile load(Path path) {
        byte[] bytes;
        try {
            if (Files.isDirectory(path)) throw new CredentialException(path + " is a directory, not a credentials file");
            if (Files.size(path) > MAX_SIZE) throw new CredentialException(path + " is too large for a credentials file");
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return new DockerConfigFile(path, Json.object());
        } catch (IOException e) {
            throw new CredentialException("cannot read " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + ErrorText.firstLine(e.getMessage())), e);
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return new DockerConfigFile(path, Json.object());
        }
        JsonNode node;
        try {
            node = Json.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the offending text, which may be part of a secret: give the position only
            JsonLocation at = e.getLocation();
            throw new CredentialException(path + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new CredentialException("cannot read " + path + ": " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw new CredentialException(path + " must hold a JSON object");
        }
        return new DockerConfigFile(path, (ObjectNode) node);
    }

    /** {@code credsStore}, or null when absent or empty. */
    String credsStore() {
        JsonNode v = root.get("credsStore");
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new CredentialException(path + ": \"credsStore\" must be a string");
        return v.asText().isEmpty() ? null : v.asText();
    }

    /** The registries named by {@code auths} and {@code credHelpers} keys, normalized, in file order. */
    java.util.Set<String> registries() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String field : List.of("auths", "credHelpers")) {
            ObjectNode node = objectField(field);
            if (node == null) continue;
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String reg = RegistryKeys.normalize(it.next());
                if (reg != null) out.add(reg);
            }
        }
        return out;
    }

    /** {@code credHelpers[registry]} (keys normalized), or null. */
    String credHelper(String registry) {
        ObjectNode helpers = objectField("credHelpers");
        if (helpers == null) return null;
        String found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!registry.equals(RegistryKeys.normalize(e.getKey()))) continue;
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) continue;
            if (!v.isTextual()) {
                throw new CredentialException(path + ": credHelpers entry \"" + e.getKey() + "\" must be a string");
            }
            if (v.asText().isEmpty()) continue;
            if (e.getKey().trim().equalsIgnoreCase(registry) || e.getKey().trim().equals(RegistryKeys.serverUrl(registry))) {
                return v.asText(); // an exact key beats a URL-style one
            }
            if (found == null) found = v.asText();
        }
        return found;
    }

    /**
     * The credential of the best {@code auths} entry for a registry: the key {@link RegistryKeys#serverUrl}
     * first, then other keys for the whole registry (in file order), then repository keys such as
     * {@code quay.io/ns/repo}. Entries without a usable secret (docker writes {@code {}} when a
     * credsStore holds the secret) are passed over.
     */
    Credential auth(String registry) {
        ObjectNode auths = objectField("auths");
        if (auths == null) return null;
        String canonical = RegistryKeys.serverUrl(registry);
        List<String> wholeRegistry = new ArrayList<>();
        List<String> repositories = new ArrayList<>();
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!registry.equals(RegistryKeys.normalize(key))) continue;
            if (key.trim().equals(canonical)) wholeRegistry.add(0, key);
            else if (RegistryKeys.namesWholeRegistry(key)) wholeRegistry.add(key);
            else repositories.add(key);
        }
        wholeRegistry.addAll(repositories);
        for (String key : wholeRegistry) {
            Credential c = entry(key, auths.get(key));
            if (c != null) return c;
        }
        return null;
    }

    private Credential entry(String key, JsonNode entry) {
        if (entry == null || entry.isNull()) return null;
        if (!entry.isObject()) throw new CredentialException(path + ": auths entry \"" + key + "\" must be a JSON object");
        String username = textField(entry, key, "username");
        String password = textField(entry, key, "password");
        String auth = textField(entry, key, "auth");
        String identityToken = textField(entry, key, "identitytoken");
        if (auth != null && !auth.isBlank()) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(auth.trim());
            } catch (IllegalArgumentException e) {
                throw new CredentialException(path + ": auths entry \"" + key + "\" has an \"auth\" that is not valid base64");
            }
            String pair = new String(decoded, StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new CredentialException(path + ": auths entry \"" + key + "\" has an \"auth\" that is not base64 of user:password");
            }
            username = pair.substring(0, colon);
            password = pair.substring(colon + 1);
        }
        if (identityToken != null && !identityToken.isEmpty()) {
            return new Credential(username == null ? "" : username, identityToken, true);
        }
        if (password != null && !password.isEmpty()) {
            return new Credential(username == null ? "" : username, password, false);
        }
        return null;
    }

    /** Sets {@code auths[serverUrl(registry)]}, replacing other whole-registry keys of the same registry. */
    void putAuth(String registry, Credential credential) {
        ObjectNode auths = objectField("auths");
        if (auths == null) auths = root.putObject("auths");
        String canonical = RegistryKeys.serverUrl(registry);
        List<String> stale = new ArrayList<>();
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals(canonical) && registry.equals(RegistryKeys.normalize(key)) && RegistryKeys.namesWholeRegistry(key)) {
                stale.add(key);
            }
        }
        stale.forEach(auths::remove);
        ObjectNode entry = Json.object();
        String user = credential.username() == null ? "" : credential.username();
        if (credential.identityToken()) {
            if (!user.isEmpty() && !CredentialHelper.TOKEN_USERNAME.equals(user)) entry.put("auth", base64(user + ":"));
            entry.put("identitytoken", credential.secret());
        } else {
            entry.put("auth", base64(user + ":" + credential.secret()));
        }
        auths.set(canonical, entry);
    }

    /** Removes every {@code auths} key that names the registry; true when one was there. */
    boolean removeAuths(String registry) {
        ObjectNode auths = objectField("auths");
        if (auths == null) return false;
        List<String> matching = new ArrayList<>();
        auths.fieldNames().forEachRemaining(key -> {
            if (registry.equals(RegistryKeys.normalize(key))) matching.add(key);
        });
        matching.forEach(auths::remove);
        return !matching.isEmpty();
    }

    /**
     * Writes the file atomically (temp file, fsync, rename) with mode 0600, creating its directory (0700);
     * a symlinked config.json is written through to its target, as docker does.
     */
    void save() {
        try {
            Path target = path;
            if (Files.isSymbolicLink(target) && Files.exists(target)) target = target.toRealPath();
            Path dir = target.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
                else Files.createDirectories(dir);
            }
            byte[] bytes = (Json.pretty(root) + "\n").getBytes(StandardCharsets.UTF_8);
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                    : new FileAttribute<?>[0];
            Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
            try {
                if (posix) Files.setPosixFilePermissions(temp, FILE_MODE);
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer buf = ByteBuffer.wrap(bytes);
                    while (buf.hasRemaining()) ch.write(buf);
                    ch.force(true);
                }
                FileOps.moveAtomically(temp, target);
                FileOps.fsyncDirectory(dir);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new CredentialException("cannot write " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + ErrorText.firstLine(e.getMessage())), e);
        }
    }

    private ObjectNode objectField(String name) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw new CredentialException(path + ": \"" + name + "\" must be a JSON object");
        return (ObjectNode) v;
    }

    private String textField(JsonNode entry, String key, String field) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) {
            throw new CredentialException(path + ": auths entry \"" + key + "\" has a \"" + field + "\" that is not a string");
        }
        return v.asText();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "DockerConfigFile[" + path + "]";
    }
}
