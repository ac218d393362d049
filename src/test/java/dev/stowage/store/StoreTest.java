package dev.stowage.store;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import dev.stowage.testing.ImageArchives;
import dev.stowage.testing.StoreSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOciLayout() throws Exception {
        Store.open(dir);
        assertThat(Files.readString(dir.resolve("oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Files.readString(dir.resolve("index.json"))).contains("\"schemaVersion\":2").contains("\"manifests\":[]");
        assertThat(dir.resolve("blobs/sha256")).isDirectory();
    }

    @Test
    void defaultLocationFollowsEnvironment() {
        assertThat(Store.defaultLocation(Map.of("STOWAGE_STORE", "/x/y"))).isEqualTo(Path.of("/x/y"));
        assertThat(Store.defaultLocation(Map.of("XDG_DATA_HOME", "/data"))).isEqualTo(Path.of("/data/stowage"));
        assertThat(Store.defaultLocation(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local", "share", "stowage"));
    }

    @Test
    void stagedBlobsAreInvisibleUntilPublishedAndGoneWhenAbandoned() throws Exception {
        Store store = Store.open(dir);
        StoreSnapshot before = StoreSnapshot.of(dir);
        Digest d;
        try (Staging staging = store.newStaging()) {
            d = staging.write("hello".getBytes(StandardCharsets.UTF_8));
            assertThat(d).isEqualTo(Digest.sha256("hello"));
            assertThat(store.hasBlob(d)).isFalse();
        }
        assertThat(StoreSnapshot.of(dir)).isEqualTo(before);

        try (Staging staging = store.newStaging()) {
            staging.write("hello".getBytes(StandardCharsets.UTF_8));
            Descriptor target = new Descriptor(MediaTypes.OCI_MANIFEST, d, 5);
            staging.publish(List.of(d), index -> index.tag(Reference.parse("x:y"), target));
        }
        assertThat(Files.readString(store.blobPath(d))).isEqualTo("hello");
        assertThat(store.readIndex().find(Reference.parse("x:y"))).isPresent();
        assertThat(dir.resolve("tmp")).isEmptyDirectory();
    }

    @Test
    void aBlobWithTheWrongDigestNeverEntersTheStore() throws Exception {
        Store store = Store.open(dir);
        StoreSnapshot before = StoreSnapshot.of(dir);
        try (Staging staging = store.newStaging()) {
            assertThatThrownBy(() -> staging.write(new ByteArrayInputStream("evil".getBytes(StandardCharsets.UTF_8)),
                    Digest.sha256("good")))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("does not match its digest");
            assertThat(staging.has(Digest.sha256("evil"))).isFalse();
        }
        assertThat(StoreSnapshot.of(dir)).isEqualTo(before);
    }

    @Test
    void anExistingBlobIsNotRewritten() throws Exception {
        Store store = Store.open(dir);
        Digest d = Digest.sha256("same");
        try (Staging staging = store.newStaging()) {
            staging.write("same".getBytes(StandardCharsets.UTF_8));
            staging.publish(List.of(d), index -> null);
        }
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(store.blobPath(d), old);
        try (Staging staging = store.newStaging()) {
            staging.write("same".getBytes(StandardCharsets.UTF_8));
            staging.publish(List.of(d), index -> null);
        }
        assertThat(Files.getLastModifiedTime(store.blobPath(d))).isEqualTo(old);
    }

    @Test
    void aDamagedIndexIsReportedInOneLine() throws Exception {
        Store store = Store.open(dir);
        Files.writeString(dir.resolve("index.json"), "{not json");
        assertThatThrownBy(store::readIndex).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("the store's index.json is damaged")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aBlobGoneWithItsImageIsToldApartFromDamage() throws Exception {
        Store store = Store.open(dir);
        Path archive = ImageArchives.ociArchive(dir.resolve("a.tar"), "gone/image:1", List.of("sh"),
                ImageArchives.layer(Map.of("etc/a", "a")));
        try (var in = Files.newInputStream(archive)) {
            new ArchiveLoader(store).load(in);
        }
        LocalImage image = ImageResolver.of(store).resolve("gone/image:1");
        Digest layer = image.manifest().layers().get(0).digest();

        Files.delete(store.blobPath(layer));
        assertThatThrownBy(() -> store.openBlob(layer)).isInstanceOf(StoreException.class)
                .hasMessage("blob " + layer + " is missing from the store (run 'stowage verify')");

        new ImageRemoval(store).remove("gone/image:1", false);
        assertThatThrownBy(() -> store.openBlob(layer)).isInstanceOf(StoreException.class)
                .hasMessage("blob " + layer + " is no longer in the store: another command removed the image that used it");
        assertThatThrownBy(() -> store.readManifest(image.manifest().descriptor())).isInstanceOf(StoreException.class)
                .hasMessageContaining("is no longer in the store");
    }
}
