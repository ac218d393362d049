package dev.stowage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceTest {
    private static final String HEX = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String DIGEST = "sha256:" + HEX;

    static Stream<Arguments> valid() {
        // input, toString, domain, path, tag (or null), digest (or null), familiarRepository, familiarString
        return Stream.of(
                Arguments.of("busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox",
                        "latest", null, "busybox", "busybox:latest"),
                Arguments.of("busybox:1.36", "docker.io/library/busybox:1.36", "docker.io", "library/busybox",
                        "1.36", null, "busybox", "busybox:1.36"),
                Arguments.of("registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2",
                        "registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2",
                        "registry.cn-shanghai.aliyuncs.com", "larry-yu/busybox-httpd", "v0.2", null,
                        "registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd",
                        "registry.cn-shanghai.aliyuncs.com/larry-yu/busybox-httpd:v0.2"),
                Arguments.of("localhost:5000/a/b@" + DIGEST, "localhost:5000/a/b@" + DIGEST, "localhost:5000",
                        "a/b", null, DIGEST, "localhost:5000/a/b", "localhost:5000/a/b@" + DIGEST),
                Arguments.of("localhost/foo", "localhost/foo:latest", "localhost", "foo", "latest", null,
                        "localhost/foo", "localhost/foo:latest"),
                Arguments.of("docker.io/user/app", "docker.io/user/app:latest", "docker.io", "user/app", "latest",
                        null, "user/app", "user/app:latest"),
                Arguments.of("user/app", "docker.io/user/app:latest", "docker.io", "user/app", "latest", null,
                        "user/app", "user/app:latest"),
                Arguments.of("docker.io/busybox", "docker.io/library/busybox:latest", "docker.io",
                        "library/busybox", "latest", null, "busybox", "busybox:latest"),
                Arguments.of("index.docker.io/library/x", "docker.io/library/x:latest", "docker.io", "library/x",
                        "latest", null, "x", "x:latest"),
                Arguments.of("index.docker.io/x", "docker.io/library/x:latest", "docker.io", "library/x",
                        "latest", null, "x", "x:latest"),
                Arguments.of("docker.io/library/a/b", "docker.io/library/a/b:latest", "docker.io",
                        "library/a/b", "latest", null, "library/a/b", "library/a/b:latest"),
                Arguments.of("[::1]:5000/x:y", "[::1]:5000/x:y", "[::1]:5000", "x", "y", null, "[::1]:5000/x",
                        "[::1]:5000/x:y"),
                Arguments.of("[2001:db8::1]/repo", "[2001:db8::1]/repo:latest", "[2001:db8::1]", "repo", "latest",
                        null, "[2001:db8::1]/repo", "[2001:db8::1]/repo:latest"),
                Arguments.of("name:tag@" + DIGEST, "docker.io/library/name:tag@" + DIGEST, "docker.io",
                        "library/name", "tag", DIGEST, "name", "name:tag@" + DIGEST),
                Arguments.of("busybox@" + DIGEST, "docker.io/library/busybox@" + DIGEST, "docker.io",
                        "library/busybox", null, DIGEST, "busybox", "busybox@" + DIGEST),
                Arguments.of("UPPER.example.com/x", "UPPER.example.com/x:latest", "UPPER.example.com", "x",
                        "latest", null, "UPPER.example.com/x", "UPPER.example.com/x:latest"),
                Arguments.of("Upper/x", "Upper/x:latest", "Upper", "x", "latest", null, "Upper/x",
                        "Upper/x:latest"),
                Arguments.of("example:5000/x", "example:5000/x:latest", "example:5000", "x", "latest", null,
                        "example:5000/x", "example:5000/x:latest"),
                Arguments.of("192.168.1.1:5000/repo:5050", "192.168.1.1:5000/repo:5050", "192.168.1.1:5000",
                        "repo", "5050", null, "192.168.1.1:5000/repo", "192.168.1.1:5000/repo:5050"),
                // a bare host:port is a name:tag, exactly as in docker
                Arguments.of("localhost:5000", "docker.io/library/localhost:5000", "docker.io",
                        "library/localhost", "5000", null, "localhost", "localhost:5000"),
                Arguments.of("a__b--c_d/e.f_g:Tag_1.x-y", "docker.io/a__b--c_d/e.f_g:Tag_1.x-y", "docker.io",
                        "a__b--c_d/e.f_g", "Tag_1.x-y", null, "a__b--c_d/e.f_g", "a__b--c_d/e.f_g:Tag_1.x-y"),
                Arguments.of("xn--7o8h.com/myimage:xn--7o8h.com", "xn--7o8h.com/myimage:xn--7o8h.com",
                        "xn--7o8h.com", "myimage", "xn--7o8h.com", null, "xn--7o8h.com/myimage",
                        "xn--7o8h.com/myimage:xn--7o8h.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesAndNormalizes(String input, String normalized, String domain, String path, String tag,
                             String digest, String familiarRepository, String familiarString) {
        Reference ref = Reference.parse(input);
        assertThat(ref.toString()).isEqualTo(normalized);
        assertThat(ref.domain()).isEqualTo(domain);
        assertThat(ref.path()).isEqualTo(path);
        assertThat(ref.repository()).isEqualTo(domain + "/" + path);
        assertThat(ref.tag().orElse(null)).isEqualTo(tag);
        assertThat(ref.digest().map(Digest::toString).orElse(null)).isEqualTo(digest);
        assertThat(ref.familiarRepository()).isEqualTo(familiarRepository);
        assertThat(ref.familiarString()).isEqualTo(familiarString);
        assertThat(Reference.isValid(input)).isTrue();
        // normalized and familiar forms parse back to the same reference
        assertThat(Reference.parse(normalized)).isEqualTo(ref);
        assertThat(Reference.parse(familiarString)).isEqualTo(ref);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("Busybox", "invalid reference format: repository name (Busybox) must be lowercase"),
                Arguments.of("user/App:v1", "invalid reference format: repository name (user/App) must be lowercase"),
                Arguments.of("localhost:5000/Foo/bar",
                        "invalid reference format: repository name (Foo/bar) must be lowercase"),
                Arguments.of("a:b:c", "invalid reference format: \"a:b:c\""),
                Arguments.of("busybox:", "invalid reference format: \"busybox:\""),
                Arguments.of("busybox@", "invalid reference format: \"busybox@\""),
                Arguments.of(":tag", "invalid reference format: \":tag\""),
                Arguments.of("/busybox", "invalid reference format: \"/busybox\""),
                Arguments.of("busybox/", "invalid reference format: \"busybox/\""),
                Arguments.of("a//b", "invalid reference format: \"a//b\""),
                Arguments.of(" busybox", "invalid reference format: \" busybox\""),
                Arguments.of("busybox\n", "invalid reference format: \"busybox\n\""),
                Arguments.of("-a/b", "invalid reference format: \"-a/b\""),
                Arguments.of("a/b_", "invalid reference format: \"a/b_\""),
                Arguments.of("a/b___c", "invalid reference format: \"a/b___c\""),
                Arguments.of("a..b/c", "invalid reference format: \"a..b/c\""),
                Arguments.of("-bad.com/x", "invalid reference format: \"-bad.com/x\""),
                Arguments.of("bad-.com/x", "invalid reference format: \"bad-.com/x\""),
                Arguments.of("host:port/x", "invalid reference format: \"host:port/x\""),
                Arguments.of("[fe80::1%eth0]:5000/repo", "invalid reference format: \"[fe80::1%eth0]:5000/repo\""),
                Arguments.of("[2001:db8::1]:5000", "invalid reference format: \"[2001:db8::1]:5000\""),
                Arguments.of("busybox:-tag", "invalid reference format: \"busybox:-tag\""),
                Arguments.of("busybox:" + "t".repeat(129), "invalid reference format: \"busybox:" + "t".repeat(129) + "\""),
                Arguments.of("busybox@sha256:abc", "invalid reference format: \"busybox@sha256:abc\""),
                Arguments.of("busybox@sha256:" + "a".repeat(40),
                        "invalid reference format: \"busybox@sha256:" + "a".repeat(40) + "\": invalid sha256 digest '"
                                + "a".repeat(40) + "'"),
                Arguments.of("busybox@md5:" + HEX,
                        "invalid reference format: \"busybox@md5:" + HEX + "\": unsupported digest algorithm 'md5'"),
                Arguments.of("busybox@sha256:" + HEX.toUpperCase(),
                        "invalid reference format: \"busybox@sha256:" + HEX.toUpperCase()
                                + "\": invalid sha256 digest '" + HEX.toUpperCase() + "'"),
                Arguments.of(HEX, "invalid repository name (" + HEX + "), cannot specify 64-byte hexadecimal strings"),
                Arguments.of("Foo_Bar/x", "invalid reference format: repository name must be lowercase: \"Foo_Bar/x\""),
                Arguments.of("my_host.local/app", "invalid reference format: \"my_host.local/app\""
                        + " (\"my_host.local\" is not a valid registry host)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsWithClearMessage(String input, String message) {
        assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> Reference.parseRepository(input))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage(message);
        assertThat(Reference.isValid(input)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void emptyOrBlankIsRejected(String input) {
        assertThatThrownBy(() -> Reference.parse(input))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid reference format: empty reference");
        assertThat(Reference.isValid(input)).isFalse();
    }

    @Test
    void pathLengthIsLimitedTo255() {
        // As in the current distribution/reference, the limit applies to the path; the domain is not counted.
        String ok = "example.com/" + "a".repeat(255);
        assertThat(Reference.parse(ok).path()).hasSize(255);

        String tooLong = "example.com/" + "a".repeat(256);
        assertThatThrownBy(() -> Reference.parse(tooLong))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid reference format: repository name must not be more than 255 characters: \""
                        + tooLong + "\"");

        // Docker Hub official names count their "library/" prefix: 8 + 247 = 255.
        assertThat(Reference.isValid("a".repeat(247))).isTrue();
        assertThat(Reference.isValid("a".repeat(248))).isFalse();
        // a long tag does not count against the name
        assertThat(Reference.isValid("a/" + "b".repeat(253) + ":" + "t".repeat(128))).isTrue();
    }

    @Test
    @Timeout(5)
    void pathologicalInputFailsFast() {
        String[] inputs = {
            "a".repeat(50_000) + "!",
            "a-".repeat(20_000) + "!",
            "a.".repeat(20_000) + "/x!",
            "a/".repeat(20_000) + "!",
            "a-b.".repeat(10_000) + "c:" + "1".repeat(10_000) + "/x!",
            "x@" + "a.".repeat(20_000),
            "x:" + "t".repeat(127) + "@sha256:" + "f".repeat(20_000) + "!",
        };
        long start = System.nanoTime();
        for (String input : inputs) {
            assertThat(Reference.isValid(input)).as(input.substring(0, 20)).isFalse();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void parseRepositoryDoesNotAddLatest() {
        Reference repo = Reference.parseRepository("busybox");
        assertThat(repo.toString()).isEqualTo("docker.io/library/busybox");
        assertThat(repo.tag()).isEmpty();
        assertThat(repo.digest()).isEmpty();
        assertThat(repo.familiarString()).isEqualTo("busybox");
        assertThat(repo.familiarRepository()).isEqualTo("busybox");

        assertThat(Reference.parseRepository("localhost:5000/a/b:v1").toString()).isEqualTo("localhost:5000/a/b:v1");
        assertThat(Reference.parseRepository("a/b@" + DIGEST).toString()).isEqualTo("docker.io/a/b@" + DIGEST);
        assertThat(repo).isNotEqualTo(Reference.parse("busybox"));
        assertThat(repo.withTag("latest")).isEqualTo(Reference.parse("busybox"));
    }

    @Test
    void withTagReplacesTagAndDropsDigest() {
        Reference ref = Reference.parse("name:tag@" + DIGEST);
        Reference retagged = ref.withTag("v2");
        assertThat(retagged.toString()).isEqualTo("docker.io/library/name:v2");
        assertThat(retagged.digest()).isEmpty();
        assertThat(ref.toString()).isEqualTo("docker.io/library/name:tag@" + DIGEST); // immutable
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", ".x", "a b", "a:b", "a/b", "a@b", "ü"})
    void withTagRejectsInvalidTag(String tag) {
        assertThatThrownBy(() -> Reference.parse("busybox").withTag(tag))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid tag \"" + tag + "\"");
        assertThat(Reference.isValidTag(tag)).isFalse();
    }

    @Test
    void withTagRejectsNullAndOverlongTag() {
        assertThatThrownBy(() -> Reference.parse("busybox").withTag(null))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid tag \"\"");
        String tooLong = "t".repeat(129);
        assertThatThrownBy(() -> Reference.parse("busybox").withTag(tooLong))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid tag \"" + tooLong + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.2.3", "_x", "X", "1", "a-b_c.D"})
    void validTags(String tag) {
        assertThat(Reference.isValidTag(tag)).isTrue();
        assertThat(Reference.parse("busybox").withTag(tag).tag()).contains(tag);
    }

    @Test
    void tagOf128CharactersIsTheMaximum() {
        assertThat(Reference.isValidTag("t".repeat(128))).isTrue();
        assertThat(Reference.isValidTag("t".repeat(129))).isFalse();
        assertThat(Reference.isValidTag(null)).isFalse();
    }

    @Test
    void withDigestReplacesTag() {
        Digest digest = Digest.parse(DIGEST);
        Reference ref = Reference.parse("localhost:5000/a/b:v1").withDigest(digest);
        assertThat(ref.toString()).isEqualTo("localhost:5000/a/b@" + DIGEST);
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.digest()).contains(digest);
        assertThat(ref.familiarString()).isEqualTo("localhost:5000/a/b@" + DIGEST);
    }

    @Test
    void equalityIsOnTheNormalizedForm() {
        assertThat(Reference.parse("busybox"))
                .isEqualTo(Reference.parse("docker.io/library/busybox:latest"))
                .isEqualTo(Reference.parse("index.docker.io/busybox"))
                .hasSameHashCodeAs(Reference.parse("library/busybox:latest"));
        assertThat(Reference.parse("busybox")).isNotEqualTo(Reference.parse("busybox:1"));
        assertThat(Reference.parse("a/b")).isNotEqualTo(Reference.parse("localhost/a/b"));
    }
}
