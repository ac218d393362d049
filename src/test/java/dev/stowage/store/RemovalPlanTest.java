package dev.stowage.store;

import dev.stowage.archive.ArchiveLoader;
import dev.stowage.image.Reference;
import dev.stowage.testing.ImageArchives;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RemovalPlan predicts exactly what ImageRemoval then does, counting only blobs no other image uses. */
class RemovalPlanTest {
    @TempDir
    Path dir;
    Store store;
    Path base;
    Path a;
    Path b;

    @BeforeEach
    void load() throws Exception {
        store = Store.open(dir.resolve("store"));
        base = ImageArchives.layer(dir, "base.txt", "shared base layer ".repeat(500));
        a = ImageArchives.layer(dir, "a.txt", "only in a ".repeat(300));
        b = ImageArchives.layer(dir, "b.txt", "only in b ".repeat(700));
        Path archive = ImageArchives.dockerArchive(dir.resolve("two.tar"), List.of(
                new ImageArchives.Image("app/a:1", null, List.of(base, a)),
                new ImageArchives.Image("app/b:1", null, List.of(base, b))));
        try (InputStream in = Files.newInputStream(archive)) {
            new ArchiveLoader(store).load(in);
        }
    }

    private LocalImage image(String name) throws Exception {
        return ImageResolver.of(store).resolve(name);
    }

    private long uniqueBytes(LocalImage image) throws Exception {
        long own = store.blobSize(image.manifest().digest()) + store.blobSize(image.manifest().config().digest());
        return own + store.blobSize(image.manifest().layers().get(1).digest());
    }

    @Test
    void sharedLayersAreNotCounted() throws Exception {
        LocalImage imageA = image("app/a:1");
        RemovalPlan plan = RemovalPlan.of(store, List.of("app/a:1"));
        assertThat(plan.untagged()).containsExactly(Reference.parse("app/a:1"));
        assertThat(plan.deleted()).extracting(LocalImage::id).containsExactly(imageA.id());
        assertThat(plan.bytesFreed()).isEqualTo(uniqueBytes(imageA)).isLessThan(imageA.size());

        ImageRemoval.Outcome outcome = new ImageRemoval(store).remove("app/a:1", false);
        assertThat(outcome.bytesFreed()).isEqualTo(plan.bytesFreed());
        assertThat(store.hasBlob(image("app/b:1").manifest().layers().get(0).digest())).isTrue();
    }

    @Test
    void removingBothFreesTheSharedLayerToo() throws Exception {
        long total = 0;
        for (String name : List.of("app/a:1", "app/b:1")) total += uniqueBytes(image(name));
        total += store.blobSize(image("app/a:1").manifest().layers().get(0).digest());
        RemovalPlan plan = RemovalPlan.of(store, List.of("app/a:1", "app/b:1"));
        assertThat(plan.deleted()).hasSize(2);
        assertThat(plan.bytesFreed()).isEqualTo(total);
        long freed = 0;
        for (String name : List.of("app/a:1", "app/b:1")) freed += new ImageRemoval(store).remove(name, false).bytesFreed();
        assertThat(freed).isEqualTo(total);
    }

    @Test
    void untaggingOneOfSeveralNamesFreesNothing() throws Exception {
        LocalImage imageA = image("app/a:1");
        store.modifyIndex(index -> index.tag(Reference.parse("app/a:2"), imageA.target()));
        RemovalPlan plan = RemovalPlan.of(store, List.of("app/a:2"));
        assertThat(plan.untagged()).containsExactly(Reference.parse("app/a:2"));
        assertThat(plan.deleted()).isEmpty();
        assertThat(plan.bytesFreed()).isZero();
        // both names of one image: deleted once
        RemovalPlan both = RemovalPlan.of(store, List.of("app/a:1", "app/a:2"));
        assertThat(both.deleted()).hasSize(1);
        assertThat(both.bytesFreed()).isEqualTo(uniqueBytes(imageA));
    }

    @Test
    void planningChangesNothingAndRefusesAnUnknownName() throws Exception {
        byte[] index = Files.readAllBytes(store.root().resolve("index.json"));
        RemovalPlan.of(store, List.of("app/a:1", "app/b:1"));
        assertThat(Files.readAllBytes(store.root().resolve("index.json"))).isEqualTo(index);
        assertThatThrownBy(() -> RemovalPlan.of(store, List.of("nope:1"))).hasMessageContaining("nope");
    }
}
