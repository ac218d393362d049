package dev.stowage.util;

import dev.stowage.image.Digest;
import dev.stowage.testing.Tools;
import dev.stowage.testing.UnevenPieces;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenSSL's SHA-256 against the JDK's, over every kind of input the blob paths hand it. */
class Sha256Test {
    @Test
    void openSslIsUsedWhereItLoads() {
        if (Tools.onCi()) {
            // .ci/test makes sure libcrypto.so.3 is there: on CI the native path must really be taken
            assertThat(Sha256.nativeUnavailableReason()).as("OpenSSL SHA-256 loaded").isNull();
        }
        if (Sha256.nativeUnavailableReason() == null) {
            assertThat(Sha256.create().getClass()).isNotEqualTo(Sha256.jdk().getClass());
        }
    }

    @Test
    void knownVectors() {
        assertThat(hash(new byte[0])).hasToString("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hash("abc".getBytes())).hasToString("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 17})
    void arraysInPiecesMatchTheJdk(int size) throws IOException {
        byte[] data = random(size, size);
        Sha256 s = Sha256.create();
        UnevenPieces.write(data, size, 300_000, s::update);
        assertThat(s.digest()).isEqualTo(Digest.sha256(data));
    }

    @Test
    void buffersOfEveryKindMatchTheJdk() {
        byte[] data = random(1_000_003, 7);
        Digest expected = Digest.sha256(data);

        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 100);
        direct.position(100);
        direct.put(data);
        direct.position(100);
        assertThat(hashBuffer(direct)).isEqualTo(expected);
        assertThat(direct.hasRemaining()).isFalse();

        ByteBuffer heap = ByteBuffer.wrap(new byte[data.length + 10], 5, data.length).slice();
        heap.put(data).flip();
        assertThat(hashBuffer(heap)).isEqualTo(expected);

        assertThat(hashBuffer(ByteBuffer.wrap(data).asReadOnlyBuffer())).isEqualTo(expected);
    }

    @Test
    void resetStartsTheNextStream() {
        Sha256 s = Sha256.create();
        s.update("first".getBytes(), 0, 5);
        s.digest();
        s.reset();
        s.update("abc".getBytes(), 0, 3);
        assertThat(s.digest()).hasToString("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        s.reset();
        assertThat(s.digest()).isEqualTo(Digest.sha256(new byte[0]));
    }

    @Test
    void aFinishedHasherRefusesMoreInput() {
        Sha256 s = Sha256.create();
        s.digest();
        if (Sha256.nativeUnavailableReason() == null) {
            assertThatThrownBy(() -> s.update(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> Sha256.create().update(new byte[1], 0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static Digest hash(byte[] data) {
        Sha256 s = Sha256.create();
        s.update(data, 0, data.length);
        return s.digest();
    }

    private static Digest hashBuffer(ByteBuffer b) {
        Sha256 s = Sha256.create();
        s.update(b);
        return s.digest();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
