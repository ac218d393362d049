package dev.stowage.registry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeAndRetryTest {
    @Test
    void scopesListPushFirstAndMergeByRepository() {
        assertThat(Scope.push("team/app")).hasToString("repository:team/app:push,pull");
        List<Scope> parsed = Scope.parseAll("repository:other:pull repository:team/app:pull,push registry:catalog:*");
        assertThat(parsed).extracting(Scope::toString)
                .containsExactly("repository:other:pull", "repository:team/app:pull,push", "registry:catalog:*");
        assertThat(Scope.merge(List.of(Scope.pull("team/app")), parsed)).extracting(Scope::toString)
                .containsExactly("repository:team/app:push,pull", "repository:other:pull", "registry:catalog:*");
        assertThat(Scope.parseAll("garbage nocolon a:b")).isEmpty();
        assertThat(Scope.parseAll("repository:localhost:5000/x:pull")).extracting(Scope::name).containsExactly("localhost:5000/x");
    }

    @Test
    void retriesTransientFailuresWithBoundedBackoff() {
        RetryPolicy p = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(p.retriesStatus(429, 1)).isTrue();
        assertThat(p.retriesStatus(503, 2)).isTrue();
        assertThat(p.retriesStatus(503, 3)).isFalse();
        assertThat(p.retriesStatus(408, 1)).isTrue();
        assertThat(p.retriesStatus(404, 1)).isFalse();
        assertThat(p.retriesStatus(401, 1)).isFalse();
        assertThat(p.retriesStatus(501, 1)).isFalse();
        assertThat(p.retriesIOException(new SocketException("Connection reset"), 1)).isTrue();
        assertThat(p.retriesIOException(new IOException("something else"), 1)).isFalse();
        assertThat(p.retriesIOException(new java.net.ConnectException("Connection refused"), 1)).isTrue();
        assertThat(p.retriesIOException(new IOException("unexpected end of stream on http://127.0.0.1:5000/..."), 1)).isTrue();
        assertThat(p.retriesIOException(new javax.net.ssl.SSLException("Remote host terminated the handshake",
                new java.io.EOFException("SSL peer shut down incorrectly")), 1)).as("a handshake cut short").isTrue();
        assertThat(p.retriesIOException(new javax.net.ssl.SSLException("PKIX path building failed",
                new java.security.cert.CertificateException("unable to find valid certification path")), 1))
                .as("an untrusted certificate").isFalse();
        assertThat(p.retriesIOException(new java.net.UnknownHostException("nowhere.invalid"), 1)).isFalse();
        assertThat(p.retriesIOException(new SocketException("Connection reset"), 3)).as("attempts used up").isFalse();
        assertThat(p.backoff(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoff(3, null)).isEqualTo(Duration.ofMillis(400));
        assertThat(p.backoff(30, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.backoff(1, "2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoff(1, "600")).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.backoff(1, "Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void loopbackRegistriesAreInsecureByDefaultOthersOnlyWhenListed() {
        RegistrySettings defaults = RegistrySettings.load(java.util.Map.of("HOME", "/nonexistent"), List.of("my.registry:5000"));
        assertThat(defaults.isInsecure("127.0.0.1:5000")).isTrue();
        assertThat(defaults.isInsecure("localhost:5000")).isTrue();
        assertThat(defaults.isInsecure("[::1]:5000")).isTrue();
        assertThat(defaults.isInsecure("my.registry:5000")).isTrue();
        assertThat(defaults.isInsecure("registry.cn-shanghai.aliyuncs.com")).isFalse();
        assertThat(defaults.isInsecure("docker.io")).isFalse();
        RegistrySettings strict = new RegistrySettings(java.util.Set.of(), false, List.of());
        assertThat(strict.isInsecure("127.0.0.1:5000")).isFalse();
    }
}
