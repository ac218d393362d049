package dev.stowage.store;

import dev.stowage.image.Descriptor;
import dev.stowage.image.Digest;
import dev.stowage.image.MediaTypes;
import dev.stowage.image.Reference;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoreIndexTest {
    private static final Descriptor A = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("a"), 10);
    private static final Descriptor B = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256("b"), 20);

    @Test
    void tagWritesFullReferenceAndTagAnnotationsLikeDocker25() {
        StoreIndex index = StoreIndex.empty();
        index.tag(Reference.parse("busybox"), A);
        String json = new String(index.toBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"io.containerd.image.name\":\"docker.io/library/busybox:latest\"")
                .contains("\"org.opencontainers.image.ref.name\":\"latest\"");
        StoreIndex reread = StoreIndex.parse(index.toBytes());
        assertThat(reread.find(Reference.parse("docker.io/library/busybox:latest"))).isPresent();
    }

    @Test
    void movingATagLeavesThePreviousImageDangling() {
        StoreIndex index = StoreIndex.empty();
        index.tag(Reference.parse("app:v1"), A);
        assertThat(index.tag(Reference.parse("app:v1"), B)).contains(A.digest());
        assertThat(index.entries()).hasSize(2);
        StoreIndex.Entry dangling = index.entries().stream().filter(e -> e.reference().isEmpty()).findFirst().orElseThrow();
        assertThat(dangling.descriptor().digest()).isEqualTo(A.digest());
        // tagging the dangling image again removes its untagged entry
        index.tag(Reference.parse("app:old"), A);
        assertThat(index.entries()).allMatch(e -> e.reference().isPresent()).hasSize(2);
    }

    @Test
    void movingATagKeepsNoDanglingEntryWhenTheImageHasOtherNames() {
        StoreIndex index = StoreIndex.empty();
        index.tag(Reference.parse("app:v1"), A);
        index.tag(Reference.parse("app:stable"), A);
        index.tag(Reference.parse("app:v1"), B);
        assertThat(index.entries()).hasSize(2).allMatch(e -> e.reference().isPresent());
    }

    @Test
    void readsNamesWrittenByOtherTools() {
        Descriptor crane = A.withAnnotations(Map.of(StoreIndex.REF_NAME_ANNOTATION, "registry.example.com/team/app:1.0"));
        Descriptor skopeo = A.withAnnotations(Map.of(StoreIndex.REF_NAME_ANNOTATION, "v2"));
        Descriptor docker = A.withAnnotations(Map.of(StoreIndex.REF_NAME_ANNOTATION, "3.1",
                StoreIndex.NAME_ANNOTATION, "docker.io/library/alpine:3.1"));
        assertThat(StoreIndex.nameOf(crane)).contains(Reference.parse("registry.example.com/team/app:1.0"));
        assertThat(StoreIndex.nameOf(skopeo)).contains(Reference.parse("localhost/v2:latest"));
        assertThat(StoreIndex.nameOf(docker)).contains(Reference.parse("alpine:3.1"));
        assertThat(StoreIndex.nameOf(A)).isEmpty();
    }

    @Test
    void unknownFieldsSurviveARewrite() {
        String json = "{\"schemaVersion\":2,\"x-top\":1,\"manifests\":[{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"digest\":\"" + A.digest() + "\",\"size\":10,\"x-entry\":\"kept\",\"annotations\":{"
                + "\"org.opencontainers.image.ref.name\":\"v1\"}}]}";
        StoreIndex index = StoreIndex.parse(json.getBytes(StandardCharsets.UTF_8));
        index.tag(Reference.parse("other:tag"), B);
        String out = new String(index.toBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("\"x-top\":1").contains("\"x-entry\":\"kept\"");
    }

    @Test
    void untagAndRemove() {
        StoreIndex index = StoreIndex.empty();
        index.tag(Reference.parse("app:v1"), A);
        index.tag(Reference.parse("app:v2"), A);
        assertThat(index.untag(Reference.parse("app:v1"))).isTrue();
        assertThat(index.untag(Reference.parse("app:v1"))).isFalse();
        assertThat(index.remove(A.digest())).isTrue();
        assertThat(index.entries()).isEmpty();
    }
}
