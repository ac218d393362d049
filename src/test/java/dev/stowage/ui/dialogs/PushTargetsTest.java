package dev.stowage.ui.dialogs;

import dev.stowage.image.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PushTargetsTest {
    @Test
    void aDockerHubNameMovesToEachLoggedInRegistryFirst() {
        assertThat(PushTargets.candidates(Reference.parse("busybox:v1"), List.of("docker.io", "localhost:5000", "ghcr.io")))
                .containsExactly("localhost:5000/busybox:v1", "ghcr.io/busybox:v1", "busybox:v1");
    }

    @Test
    void aNameWithARegistryComesFirst() {
        assertThat(PushTargets.candidates(Reference.parse("ghcr.io/team/app"), List.of("ghcr.io", "quay.io")))
                .containsExactly("ghcr.io/team/app:latest", "quay.io/team/app:latest");
    }

    @Test
    void noNameNoCandidates() {
        assertThat(PushTargets.candidates(null, List.of("ghcr.io"))).isEmpty();
    }
}
