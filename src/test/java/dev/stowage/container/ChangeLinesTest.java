package dev.stowage.container;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeLinesTest {
    @Test
    void aJsonArrayIsTakenAsDockerTakesIt() {
        // the tutorial's exact text
        assertThat(ChangeLines.command("CMD", "[\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]", true))
                .isEqualTo("CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/www\"]");
        assertThat(ChangeLines.command("ENTRYPOINT", "  [ \"/bin/sh\", \"-c\", \"echo \\\"hi\\\"\" ] ", true))
                .isEqualTo("ENTRYPOINT [\"/bin/sh\",\"-c\",\"echo \\\"hi\\\"\"]");
        assertThat(ChangeLines.command("CMD", "[]", true)).isEqualTo("CMD []");
    }

    @Test
    void wordsAreSplitAsAShellWould() {
        assertThat(ChangeLines.command("CMD", "/bin/httpd -f -h '/data/my www'", true))
                .isEqualTo("CMD [\"/bin/httpd\",\"-f\",\"-h\",\"/data/my www\"]");
        assertThat(ChangeLines.command("CMD", "/bin/httpd -f -h /data/www", false)).isEqualTo("CMD /bin/httpd -f -h /data/www");
        assertThat(ChangeLines.command("CMD", "  ", true)).isNull();
    }

    @Test
    void whatIsNeitherIsRefusedWithAOneLineReason() {
        assertThatThrownBy(() -> ChangeLines.command("CMD", "[/bin/httpd,-f]", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a JSON array: [/bin/httpd,-f]")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ChangeLines.command("CMD", "[\"/bin/httpd\", 8080]", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("arrays must be comprised of strings only");
        assertThatThrownBy(() -> ChangeLines.command("CMD", "/bin/sh -c 'echo", true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }
}
