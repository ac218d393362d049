package dev.stowage.error;

import dev.stowage.archive.ArchiveException;
import dev.stowage.container.ContainerException;
import dev.stowage.engine.EngineException;
import dev.stowage.image.ImageFormatException;
import dev.stowage.image.Reference;
import dev.stowage.registry.RegistryException;
import dev.stowage.registry.auth.AuthException;
import dev.stowage.registry.credentials.CredentialException;
import dev.stowage.store.StoreException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorTextTest {
    @Test
    void everyFailureStowageReportsIsAStowageExceptionWhoseMessageIsTheLine() {
        List<StowageException> all = List.of(new ArchiveException("a"), new StoreException("s"), new ContainerException("c"),
                new RegistryException("r"), new AuthException("u"), new CredentialException("k"), new EngineException("e"),
                new ImageFormatException("i"));
        assertThat(all).extracting(ErrorText::oneLine).containsExactly("a", "s", "c", "r", "u", "k", "e", "i");
    }

    @Test
    void aBadReferenceReadsAsItsMessage() {
        assertThatThrownBy(() -> Reference.parse("UPPER:case"))
                .isInstanceOf(StowageException.class)
                .satisfies(e -> assertThat(ErrorText.oneLine(e)).isEqualTo(e.getMessage()).doesNotContain("Exception"));
    }

    @Test
    void libraryFailuresAreNamedInWords(@org.junit.jupiter.api.io.TempDir Path dir) {
        Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> Files.readString(dir.resolve("gone")));
        assertThat(missing).isInstanceOf(NoSuchFileException.class);
        assertThat(ErrorText.oneLine(missing)).isEqualTo("no such file: " + dir.resolve("gone"));
        assertThat(ErrorText.oneLine(new UncheckedIOException((IOException) missing))).isEqualTo(ErrorText.oneLine(missing));
        assertThat(ErrorText.oneLine(new InterruptedIOException("x"))).isEqualTo("cancelled");
        assertThat(ErrorText.oneLine(new SocketTimeoutException("Read timed out"))).isEqualTo("Read timed out");
        assertThat(ErrorText.oneLine(new IOException())).isEqualTo("IOException");
        assertThat(ErrorText.oneLine(new IllegalStateException("odd"))).isEqualTo("IllegalStateException: odd");
    }

    @Test
    void theCauseChainInWordsDropsLinesAlreadySaid() {
        IOException root = new SocketTimeoutException("timeout reading the body");
        RegistryException middle = new RegistryException("blob upload failed: timeout reading the body", 0, root);
        StoreException top = new StoreException("push of app:1 failed", middle);
        assertThat(ErrorText.causes(top)).containsExactly("blob upload failed: timeout reading the body");
        assertThat(ErrorText.causes(new StoreException("could not write", new IllegalStateException("disk gone"))))
                .containsExactly("IllegalStateException: disk gone");
        assertThat(ErrorText.causes(new StoreException("alone"))).isEmpty();
    }

    @Test
    void aLibrarysExceptionEndsASentenceInOneLine() {
        assertThat(ErrorText.describe(new java.io.EOFException())).isEqualTo("unexpected end of data (truncated?)");
        assertThat(ErrorText.describe(new IOException("Unexpected character ('x')\n at [Source: REDACTED]"))).isEqualTo("Unexpected character ('x')");
        assertThat(ErrorText.isCancellation(new InterruptedIOException("cancelled"))).isTrue();
        assertThat(ErrorText.isCancellation(new SocketTimeoutException("timeout"))).isFalse();
    }
}
