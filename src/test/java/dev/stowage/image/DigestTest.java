package dev.stowage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void parsesSha256() {
        Digest d = Digest.parse("sha256:" + EMPTY_SHA256);
        assertThat(d.algorithm()).isEqualTo("sha256");
        assertThat(d.hex()).isEqualTo(EMPTY_SHA256);
        assertThat(d.toString()).isEqualTo("sha256:" + EMPTY_SHA256);
        assertThat(d.shortHex()).isEqualTo("e3b0c44298fc");
        assertThat(d).isEqualTo(new Digest("sha256", EMPTY_SHA256));
        assertThat(Digest.isDigest("sha256:" + EMPTY_SHA256)).isTrue();
    }

    @Test
    void parsesSha512() {
        String hex = "ab".repeat(64);
        assertThat(Digest.parse("sha512:" + hex).hex()).isEqualTo(hex);
    }

    @Test
    void sha256OfEmptyInputIsTheWellKnownValue() {
        assertThat(Digest.sha256(new byte[0]).toString()).isEqualTo("sha256:" + EMPTY_SHA256);
        assertThat(Digest.sha256("")).isEqualTo(Digest.parse("sha256:" + EMPTY_SHA256));
        assertThat(Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)).hex())
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "SHA256", "sha384", "sha-256"})
    void rejectsUnsupportedAlgorithm(String algorithm) {
        assertThatThrownBy(() -> Digest.parse(algorithm + ":" + EMPTY_SHA256))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("unsupported digest algorithm '" + algorithm + "'");
        assertThat(Digest.isDigest(algorithm + ":" + EMPTY_SHA256)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "abc",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",   // 63
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555", // 65
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",  // uppercase
        "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",  // not hex
    })
    void rejectsBadHex(String hex) {
        assertThatThrownBy(() -> Digest.parse("sha256:" + hex))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid sha256 digest '" + hex + "'");
        assertThat(Digest.isDigest("sha256:" + hex)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", EMPTY_SHA256, ":" + EMPTY_SHA256})
    void rejectsMissingAlgorithm(String text) {
        assertThatThrownBy(() -> Digest.parse(text))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("invalid digest '" + text + "': expected sha256:<64 hex>");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> Digest.parse(null))
                .isInstanceOf(ImageFormatException.class)
                .hasMessage("missing digest");
        assertThat(Digest.isDigest(null)).isFalse();
    }

    @Test
    void ordersByString() {
        Digest a = Digest.parse("sha256:" + "0".repeat(64));
        Digest b = Digest.parse("sha256:" + "1".repeat(64));
        assertThat(a).isLessThan(b);
    }
}
