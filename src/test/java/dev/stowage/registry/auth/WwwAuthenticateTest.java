package dev.stowage.registry.auth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class WwwAuthenticateTest {

    private static Challenge only(String header) {
        List<Challenge> all = WwwAuthenticate.parse(List.of(header));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    // ---- real-world headers ----

    @Test
    void dockerHub() {
        Challenge c = only("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/alpine:pull\"");
        assertThat(c.isBearer()).isTrue();
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.params()).containsExactly(
                Map.entry("realm", "https://auth.docker.io/token"),
                Map.entry("service", "registry.docker.io"),
                Map.entry("scope", "repository:library/alpine:pull"));
    }

    @Test
    void ghcr() {
        Challenge c = only("Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:user/image:pull\"");
        assertThat(c.param("realm")).isEqualTo("https://ghcr.io/token");
        assertThat(c.param("service")).isEqualTo("ghcr.io");
        assertThat(c.param("scope")).isEqualTo("repository:user/image:pull");
    }

    @Test
    void quay() {
        Challenge c = only("Bearer realm=\"https://quay.io/v2/auth\",service=\"quay.io\"");
        assertThat(c.param("realm")).isEqualTo("https://quay.io/v2/auth");
        assertThat(c.param("service")).isEqualTo("quay.io");
        assertThat(c.param("scope")).isNull();
    }

    @Test
    void ecrBasic() {
        Challenge c = only("Basic realm=\"https://123456789012.dkr.ecr.us-east-1.amazonaws.com/\",service=\"ecr.amazonaws.com\"");
        assertThat(c.isBasic()).isTrue();
        assertThat(c.isBearer()).isFalse();
        assertThat(c.param("realm")).isEqualTo("https://123456789012.dkr.ecr.us-east-1.amazonaws.com/");
        assertThat(c.param("service")).isEqualTo("ecr.amazonaws.com");
    }

    @Test
    void distributionInsufficientScopeWithCommaInsideQuotes() {
        Challenge c = only("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\","
                + "scope=\"repository:samalba/my-app:pull,push\",error=\"insufficient_scope\"");
        assertThat(c.param("scope")).isEqualTo("repository:samalba/my-app:pull,push");
        assertThat(c.param("error")).isEqualTo("insufficient_scope");
        assertThat(c.params()).hasSize(4);
    }

    @Test
    void harbor() {
        Challenge c = only("Bearer realm=\"https://harbor.example.com/service/token\",service=\"harbor-registry\"");
        assertThat(c.param("realm")).isEqualTo("https://harbor.example.com/service/token");
        assertThat(c.param("service")).isEqualTo("harbor-registry");
    }

    @Test
    void gcrAndArtifactory() {
        assertThat(only("Bearer realm=\"https://gcr.io/v2/token\",service=\"gcr.io\"").param("realm"))
                .isEqualTo("https://gcr.io/v2/token");
        assertThat(only("Bearer realm=\"https://acme.jfrog.io/artifactory/api/docker/docker/v2/token\",service=\"acme.jfrog.io\"")
                .param("service")).isEqualTo("acme.jfrog.io");
    }

    @Test
    void severalChallengesInOneValue() {
        List<Challenge> all = WwwAuthenticate.parse(List.of(
                "Bearer realm=\"https://a/token\",service=\"reg\",scope=\"repository:x:pull\", Basic realm=\"r\""));
        assertThat(all).extracting(Challenge::scheme).containsExactly("bearer", "basic");
        assertThat(all.get(0).params()).containsExactly(
                Map.entry("realm", "https://a/token"), Map.entry("service", "reg"),
                Map.entry("scope", "repository:x:pull"));
        assertThat(all.get(1).params()).containsExactly(Map.entry("realm", "r"));
    }

    @Test
    void severalHeaderValues() {
        List<Challenge> all = WwwAuthenticate.parse(List.of(
                "Basic realm=\"Registry Realm\"",
                "Bearer realm=\"https://auth/token\",service=\"svc\""));
        assertThat(all).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(all.get(0).param("realm")).isEqualTo("Registry Realm");
        assertThat(all.get(1).param("service")).isEqualTo("svc");
    }

    @Test
    void token68KeepsSchemeOnly() {
        List<Challenge> all = WwwAuthenticate.parse(List.of(
                "Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGca==, Basic realm=\"r\"", "NTLM", "Mutual abc/+.~-_"));
        assertThat(all).extracting(Challenge::scheme).containsExactly("negotiate", "basic", "ntlm", "mutual");
        assertThat(all.get(0).params()).isEmpty();
        assertThat(all.get(1).param("realm")).isEqualTo("r");
        assertThat(all.get(2).params()).isEmpty();
        assertThat(all.get(3).params()).isEmpty();
    }

    // ---- syntax details ----

    @Test
    void caseInsensitiveSchemeAndNamesButNotValues() {
        Challenge c = only("BEARER Realm=\"https://Auth/Token\",SERVICE=Reg");
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.isBearer()).isTrue();
        assertThat(c.params()).containsOnlyKeys("realm", "service");
        assertThat(c.param("REALM")).isEqualTo("https://Auth/Token");
        assertThat(c.param("Service")).isEqualTo("Reg");
        assertThat(c.param(null)).isNull();
    }

    @Test
    void whitespaceAroundEqualsAndCommas() {
        Challenge c = only("  Bearer   realm = \"https://a/token\" ,\tservice=\t\"reg\" , scope =pull  ");
        assertThat(c.params()).containsExactly(Map.entry("realm", "https://a/token"),
                Map.entry("service", "reg"), Map.entry("scope", "pull"));
    }

    @Test
    void quotedStringEscapes() {
        Challenge c = only("Basic realm=\"a \\\"quoted\\\" \\\\ back, slash\", charset=\"UTF-8\"");
        assertThat(c.param("realm")).isEqualTo("a \"quoted\" \\ back, slash");
        assertThat(c.param("charset")).isEqualTo("UTF-8");
    }

    @Test
    void emptyQuotedValueIsKept() {
        assertThat(only("Bearer realm=\"https://a\",service=\"\"").params())
                .containsExactly(Map.entry("realm", "https://a"), Map.entry("service", ""));
    }

    @Test
    void unquotedUrlValueIsAccepted() {
        Challenge c = only("Bearer realm=https://auth.example.com/token?x=1,service=registry.example.com:5000");
        assertThat(c.param("realm")).isEqualTo("https://auth.example.com/token?x=1");
        assertThat(c.param("service")).isEqualTo("registry.example.com:5000");
    }

    @Test
    void duplicateParameterFirstWins() {
        assertThat(only("Bearer realm=\"first\", REALM=\"second\"").param("realm")).isEqualTo("first");
    }

    @Test
    void schemeWithoutParametersAndEmptyListElements() {
        List<Challenge> all = WwwAuthenticate.parse(List.of(",, Basic ,, , Bearer realm=\"x\",,"));
        assertThat(all).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(all.get(0).params()).isEmpty();
        assertThat(all.get(1).param("realm")).isEqualTo("x");
    }

    @Test
    void paramsAreUnmodifiable() {
        Challenge c = only("Bearer realm=\"x\"");
        assertThatCode(() -> c.params().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructedChallengeIsNormalized() {
        Challenge c = new Challenge("Bearer", Map.of("Realm", "x"));
        assertThat(c.isBearer()).isTrue();
        assertThat(c.param("realm")).isEqualTo("x");
        assertThat(c.param("REALM")).isEqualTo("x");
    }

    // ---- garbage ----

    @Test
    void emptyAndNullInputs() {
        assertThat(WwwAuthenticate.parse((List<String>) null)).isEmpty();
        assertThat(WwwAuthenticate.parse(List.of())).isEmpty();
        assertThat(WwwAuthenticate.parse(List.of("", "   ", ",,,", "\t"))).isEmpty();
        assertThat(WwwAuthenticate.parse(Arrays.asList(null, "Basic"))).extracting(Challenge::scheme).containsExactly("basic");
    }

    @Test
    void parametersBeforeAnySchemeAreDropped() {
        List<Challenge> all = WwwAuthenticate.parse(List.of("realm=\"x\", service=y, Bearer realm=\"z\""));
        assertThat(all).hasSize(1);
        assertThat(all.get(0).params()).containsExactly(Map.entry("realm", "z"));
    }

    @Test
    void malformedElementsAreSkipped() {
        Challenge c = only("Bearer realm=\"https://a\", @@@ \"junk, with comma\", =value, service=\"s\", scope=");
        assertThat(c.params()).containsExactly(Map.entry("realm", "https://a"), Map.entry("service", "s"));
    }

    @Test
    void garbageGluedToValueDropsThatParameter() {
        Challenge c = only("Bearer realm=\"a\"xyz, service=\"s\"");
        assertThat(c.params()).containsExactly(Map.entry("service", "s"));
    }

    @Test
    void missingCommaKeepsTheFirstParameter() {
        Challenge c = only("Bearer realm=\"https://a\" service=\"s\", scope=\"x\"");
        assertThat(c.param("realm")).isEqualTo("https://a");
        assertThat(c.param("scope")).isEqualTo("x");
    }

    @Test
    void unterminatedQuoteEndsTheValueButKeepsWhatCameBefore() {
        List<Challenge> all = WwwAuthenticate.parse(List.of(
                "Bearer realm=\"https://a\", service=\"unterminated, Basic realm=\"r\"", "Basic realm=\"ok\""));
        assertThat(all).extracting(Challenge::scheme).containsExactly("bearer", "basic");
        assertThat(all.get(0).params()).containsExactly(Map.entry("realm", "https://a"));
        assertThat(all.get(1).param("realm")).isEqualTo("ok");
        assertThat(WwwAuthenticate.parse(List.of("Basic realm=\"ends with backslash\\"))).hasSize(1);
    }

    @Test
    void schemeGluedToJunkIsSkipped() {
        List<Challenge> all = WwwAuthenticate.parse(List.of("Bearer\"x\", Basic realm=\"r\""));
        assertThat(all).extracting(Challenge::scheme).containsExactly("basic");
    }

    @Test
    void neverThrowsOnRandomInput() {
        Random random = new Random(42);
        String alphabet = "Bearer Basic realm=\"\\,= \t\r\n/:;@é\u0000abc";
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(60);
            for (int j = 0; j < len; j++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            inputs.add(sb.toString());
        }
        assertThatCode(() -> {
            for (String in : inputs) {
                for (Challenge c : WwwAuthenticate.parse(List.of(in))) {
                    assertThat(c.scheme()).isNotEmpty();
                    assertThat(c.scheme()).isEqualTo(c.scheme().toLowerCase());
                }
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void hugeInputIsLinear() {
        String big = "Bearer " + "a=\"b\", ".repeat(200_000) + "realm=\"x\"";
        long start = System.nanoTime();
        List<Challenge> all = WwwAuthenticate.parse(List.of(big, "\"".repeat(100_000), ",".repeat(100_000)));
        assertThat(all).hasSize(1);
        assertThat(all.get(0).param("realm")).isEqualTo("x");
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
}
