package dev.stowage.store;

import dev.stowage.image.Digest;
import dev.stowage.util.FileOps;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A private area in the store's temp directory where a load, pull or commit puts its blobs until it has
 * checked everything. {@link #publish} makes them visible together with the index change; {@link #close}
 * throws away whatever was not published, so a failed operation leaves the store as it was. It is a
 * {@link WorkArea}: a stopped process removes it on its way out, and garbage collection removes it after a crash.
 */
public final class Staging implements Closeable {
    private final Store store;
    private final WorkArea area;
    private final Path dir;
    private final List<CompletableFuture<Void>> syncing = new ArrayList<>();

    Staging(Store store, WorkArea area) {
        this.store = store;
        this.area = area;
        this.dir = area.directory();
    }

    public Path directory() {
        return dir;
    }

    /** A sink for one blob; pass its result to {@link #keep}. */
    public BlobSink newSink() throws IOException {
        return BlobSink.createIn(dir);
    }

    /** A sink for a large blob written once and read back seldom: see {@link BlobSink#createDirectIn}. */
    public BlobSink newWriteOnceSink() throws IOException {
        return BlobSink.createDirectIn(dir);
    }

    /** Keeps a finished temp file as the staged blob of its digest (a second copy is dropped). */
    public Digest keep(BlobSink.Written written) throws IOException {
        Path target = stagedPath(written.digest());
        if (Files.exists(target)) {
            Files.delete(written.file());
        } else {
            Files.move(written.file(), target);
            syncing.add(written.durable());
        }
        return written.digest();
    }

    /** Waits until every kept blob is on disk: nothing becomes visible before its bytes are durable. */
    private void awaitDurable() throws IOException {
        try {
            CompletableFuture.allOf(syncing.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
    }

    public Digest write(InputStream in) throws IOException {
        try (BlobSink sink = newSink()) {
            sink.copyFrom(in);
            return keep(sink.finish());
        }
    }

    /** Writes a blob that must have {@code expected} as its digest; on a mismatch nothing is kept. */
    public Digest write(InputStream in, Digest expected) throws IOException {
        try (BlobSink sink = newSink()) {
            sink.copyFrom(in);
            BlobSink.Written written = sink.finish();
            if (!written.digest().equals(expected)) {
                written.durable().join();
                Files.deleteIfExists(written.file());
                throw new StoreException("blob content does not match its digest: expected " + expected
                        + ", got " + written.digest());
            }
            return keep(written);
        }
    }

    /**
     * Streams {@code in} into the staging area, hashing it as stored and, if compressed, as decompressed
     * (see {@link SpooledBlob}); {@code name} labels it in error messages.
     */
    public SpooledBlob spool(String name, InputStream in) throws IOException {
        return Spooler.spool(this, name, in);
    }

    public Digest write(byte[] bytes) throws IOException {
        return write(new ByteArrayInputStream(bytes));
    }

    /** Where a blob can be read now: staged here, or already in the store. */
    public Path pathOf(Digest digest) {
        Path staged = stagedPath(digest);
        return Files.exists(staged) ? staged : store.blobPath(digest);
    }

    public boolean has(Digest digest) {
        return Files.exists(stagedPath(digest)) || store.hasBlob(digest);
    }

    private Path stagedPath(Digest digest) {
        return dir.resolve(digest.algorithm() + "-" + digest.hex());
    }

    /**
     * Under the store lock: moves the given blobs into the store (an existing blob is not rewritten), then
     * applies the index change. Returns the change's result.
     */
    public <T> T publish(Collection<Digest> blobs, Store.IndexChange<T> change) throws IOException {
        Set<Digest> unique = new LinkedHashSet<>(blobs);
        awaitDurable();
        return store.modifyIndex(index -> {
            for (Digest d : unique) {
                Path staged = stagedPath(d);
                Path target = store.blobPath(d);
                if (Files.exists(target)) continue;
                if (!Files.exists(staged)) throw new StoreException("blob " + d + " was never written");
                Files.createDirectories(target.getParent());
                FileOps.moveAtomically(staged, target);
            }
            if (!unique.isEmpty()) FileOps.fsyncDirectory(store.blobPath(unique.iterator().next()).getParent());
            return change.apply(index);
        });
    }

    @Override
    public void close() throws IOException {
        CompletableFuture.allOf(syncing.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        area.close();
    }
}
