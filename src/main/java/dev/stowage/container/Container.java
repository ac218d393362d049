package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Json;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A working container: a directory {@code <store>/containers/<id>/} holding {@code rootfs/} (the writable
 * layer), {@code config.json} (the image config's exact bytes), {@code snapshot.jsonl} (every entry as
 * unpacked, see {@link Snapshot}) and this metadata as {@code container.json}.
 *
 * @param image       the image as the user named it at create
 * @param imageId     the image ID (config digest)
 * @param manifest    the image manifest the rootfs was unpacked from (kept alive by garbage collection)
 * @param rootless    ownership could not be applied at create: owners on disk are {@code uid}/{@code gid}'s
 * @param uid         the user that created the container (owner of whatever it made)
 * @param gid         that user's group
 */
public record Container(String id, String name, String image, Digest imageId, Descriptor manifest, Instant created,
                        boolean rootless, long uid, long gid, long entries, Path dir) {

    public static final String METADATA = "container.json";

    public Path rootfs() {
        return dir.resolve("rootfs");
    }

    public Path snapshotFile() {
        return dir.resolve("snapshot.jsonl");
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    public Container withName(String newName) {
        return new Container(id, newName, image, imageId, manifest, created, rootless, uid, gid, entries, dir);
    }

    public Container withDir(Path newDir) {
        return new Container(id, name, image, imageId, manifest, created, rootless, uid, gid, entries, newDir);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("Id", id);
        o.put("Name", name);
        o.put("Image", image);
        o.put("ImageID", imageId.toString());
        o.set("ImageManifest", manifest.toJson());
        o.put("Created", created.toString());
        o.put("Rootless", rootless);
        o.put("Uid", uid);
        o.put("Gid", gid);
        o.put("Entries", entries);
        o.put("SnapshotFormat", Snapshot.FORMAT);
        return o;
    }

    public static Container fromJson(byte[] bytes, Path dir) {
        try {
            ObjectNode o = Json.parseObject(bytes, "container.json");
            String id = Json.text(o, "Id");
            if (id == null || !id.matches("[0-9a-f]{64}")) throw new ImageFormatException("container.json has no valid Id");
            JsonNode format = o.get("SnapshotFormat");
            if (format != null && format.asInt() > Snapshot.FORMAT) {
                throw new ImageFormatException("container " + id.substring(0, 12) + " was made by a newer Stowage");
            }
            return new Container(id, Json.text(o, "Name"), Json.text(o, "Image"), Digest.parse(Json.text(o, "ImageID")),
                    Descriptor.fromJson(o.get("ImageManifest"), "container.json ImageManifest"),
                    Instant.parse(Json.text(o, "Created")), o.path("Rootless").asBoolean(false),
                    o.path("Uid").asLong(0), o.path("Gid").asLong(0), o.path("Entries").asLong(0), dir);
        } catch (ImageFormatException | java.time.format.DateTimeParseException | NullPointerException e) {
            throw new ContainerException("container metadata " + dir.resolve(METADATA) + " is damaged: " + e.getMessage());
        }
    }
}
