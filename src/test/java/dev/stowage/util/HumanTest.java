package dev.stowage.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HumanTest {
    @Test
    void sizesAsDockerPrintsThem() {
        assertThat(Human.size(0)).isEqualTo("0B");
        assertThat(Human.size(850)).isEqualTo("850B");
        assertThat(Human.size(4_260_000)).isEqualTo("4.26MB");
        assertThat(Human.size(1_234)).isEqualTo("1.23kB");
        assertThat(Human.size(100_000_000)).isEqualTo("100MB");
        assertThat(Human.size(1_500_000_000L)).isEqualTo("1.5GB");
    }

    @Test
    void agesAsDockerPrintsThem() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(Human.ago(now.minusMillis(300), now)).isEqualTo("Less than a second ago");
        assertThat(Human.ago(now.minusSeconds(45), now)).isEqualTo("45 seconds ago");
        assertThat(Human.ago(now.minusSeconds(90), now)).isEqualTo("About a minute ago");
        assertThat(Human.ago(now.minus(Duration.ofMinutes(59)), now)).isEqualTo("59 minutes ago");
        assertThat(Human.ago(now.minus(Duration.ofMinutes(70)), now)).isEqualTo("About an hour ago");
        assertThat(Human.ago(now.minus(Duration.ofHours(30)), now)).isEqualTo("30 hours ago");
        assertThat(Human.ago(now.minus(Duration.ofDays(3)), now)).isEqualTo("3 days ago");
        assertThat(Human.ago(now.minus(Duration.ofDays(15)), now)).isEqualTo("2 weeks ago");
        assertThat(Human.ago(now.minus(Duration.ofDays(100)), now)).isEqualTo("3 months ago");
        assertThat(Human.ago(now.minus(Duration.ofDays(1000)), now)).isEqualTo("2 years ago");
        assertThat(Human.ago(null, now)).isEqualTo("N/A");
    }
}
