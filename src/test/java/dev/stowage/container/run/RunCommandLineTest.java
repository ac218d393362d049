package dev.stowage.container.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The app's command field split as a shell splits it, and the {@code stowage run} line a RunSpec stands for. */
class RunCommandLineTest {
    @Test
    void wordsAreSplitAsAShellSplitsThemWithoutExpansion() {
        assertThat(ShellWords.split("  sh -c 'echo $HOME; exit 3'  ")).containsExactly("sh", "-c", "echo $HOME; exit 3");
        assertThat(ShellWords.split("echo \"a \\\"b\\\" $X\" c\\ d e''f")).containsExactly("echo", "a \"b\" $X", "c d", "ef");
        assertThat(ShellWords.split("''")).containsExactly("");
        assertThat(ShellWords.split("")).isEmpty();
        assertThatThrownBy(() -> ShellWords.split("sh -c 'oops")).hasMessage("unclosed ' in: sh -c 'oops");
    }

    @Test
    void quotedWordsSplitBackToThemselves() {
        List<String> words = List.of("sh", "-c", "echo 'it''s' \"$x\"", "", "a=b", "/x/y:z");
        assertThat(ShellWords.split(ShellWords.join(words))).isEqualTo(words);
        assertThat(ShellWords.join(List.of("a=b", "/x/y:z", "it's"))).isEqualTo("a=b /x/y:z 'it'\\''s'");
    }

    @Test
    void theCommandLineHoldsEveryOptionOfTheSpec() {
        RunSpec spec = new RunSpec("/bin/sh", List.of("-c", "httpd -f"), List.of("A=1 2"), "1000:1000", "/srv", "box",
                List.of(new RunSpec.Volume("/host", "/data", true), new RunSpec.Volume("/h2", "/d2", false)),
                List.of(RunSpec.PortForward.parse("8080:80"), RunSpec.PortForward.parse("127.0.0.1:53:53/udp")),
                null, true, true, true);
        assertThat(RunCommandLine.of("busybox:1", "web", spec, false)).isEqualTo("stowage run -it --rm --name web -e 'A=1 2'"
                + " -p 8080:80 -p 127.0.0.1:53:53/udp -v /host:/data:ro -v /h2:/d2 -w /srv -u 1000:1000 -h box"
                + " --entrypoint /bin/sh busybox:1 -c 'httpd -f'");
        RunSpec plain = new RunSpec(null, List.of(), List.of(), null, null, null, List.of(), List.of(), "none", false, false, false);
        assertThat(RunCommandLine.of("busybox:1", null, plain, true)).isEqualTo("stowage run -d --network none busybox:1");
    }
}
