package dev.stowage.util;

import dev.stowage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Deterministic block-parallel gzip that hashes both sides in the same pass.
 *
 * <p>Works like pigz: the input is cut into fixed-size blocks; each block is compressed on a worker thread as raw
 * deflate, primed with the last 32 KiB of the previous block as dictionary and ended with a sync flush (the last
 * block with finish), so the blocks concatenate into one deflate stream. They are written in order inside a single
 * gzip member with a fixed header (no name, mtime 0, OS 255) and the CRC32 and size of the whole input. The output
 * depends only on the input, the level and the block size, never on the thread count or timing, nor on how the
 * input stream splits its reads. (It also depends on the deflate implementation the JDK links: zlib and zlib-ng, for
 * one, produce different, equally valid, bytes.) Blocks smaller than 32 KiB still work but prime each block with only
 * the previous one.
 *
 * <p>The calling thread reads the input and computes its CRC32 and sha256; a writer thread writes the compressed
 * blocks in order and computes the sha256 of the output; {@code threads} workers compress. At most about
 * {@code 2 × threads + 3} blocks are in flight, so memory stays bounded however long the input is.
 *
 * <p>Instances are immutable and may be shared; every {@link #compress} call starts its own threads and stops them
 * all before it returns or throws.
 */
public final class ParallelGzip {
    /** Digests and sizes of the compressed output and of the uncompressed input. */
    public record Result(Digest compressedDigest, long compressedSize, Digest uncompressedDigest, long uncompressedSize) {
    }

    public static final int DEFAULT_LEVEL = 1;
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Largest accepted block size; larger blocks buy nothing and cost memory per block in flight. */
    public static final int MAX_BLOCK_SIZE = 1 << 28;

    private static final int DICTIONARY = 32 * 1024;
    private static final String THREAD_PREFIX = "stowage-gzip-";
    private static final AtomicInteger CALLS = new AtomicInteger();
    /** Tells the writer that no more blocks come: after the trailer on success, or on abort. */
    private static final Future<Chunk> END = CompletableFuture.completedFuture(null);

    private final int level;
    private final int threads;
    private final int blockSize;

    /**
     * @param level     deflate level, 0..9 or -1 for zlib's default (6)
     * @param threads   compressing threads, at least 1
     * @param blockSize uncompressed bytes per block, 1..{@link #MAX_BLOCK_SIZE}; part of the output format, so the same
     *                  block size must be used wherever identical bytes are expected
     */
    public ParallelGzip(int level, int threads, int blockSize) {
        if (level < -1 || level > 9) throw new IllegalArgumentException("gzip level must be -1..9, not " + level);
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be 1..1024, not " + threads);
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be 1.." + MAX_BLOCK_SIZE + ", not " + blockSize);
        }
        this.level = level;
        this.threads = threads;
        this.blockSize = blockSize;
    }

    /** Level 1, one thread per available processor, 1 MiB blocks. */
    public static ParallelGzip defaults() {
        return new ParallelGzip(DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors(), DEFAULT_BLOCK_SIZE);
    }

    public int level() {
        return level;
    }

    public int threads() {
        return threads;
    }

    public int blockSize() {
        return blockSize;
    }

    /**
     * Compresses {@code in} to its end into {@code out} as one gzip member. Neither stream is closed; {@code out} is
     * flushed. On failure (an {@link IOException} from either stream, a failing worker, or interruption as
     * {@link InterruptedIOException}) the exception is thrown after every thread this call started has ended, and
     * {@code out} holds an incomplete prefix.
     */
    public Result compress(InputStream in, OutputStream out) throws IOException {
        return new Run(in, out).run();
    }

    /** A compressed block ready to be written: {@code data[0..length)}, made from the input block {@code input} (or null). */
    private record Chunk(byte[] data, int length, byte[] input) {
    }

    /** What the writer wrote. */
    private record Written(Digest digest, long size) {
    }

    /** The state of one {@link #compress} call. */
    private final class Run {
        private final InputStream in;
        private final OutputStream out;
        private final String namePrefix = THREAD_PREFIX + CALLS.incrementAndGet() + "-";
        private final List<Thread> started = new ArrayList<>();
        private final ConcurrentLinkedQueue<Deflater> idleDeflaters = new ConcurrentLinkedQueue<>();
        private final List<Deflater> allDeflaters = new ArrayList<>();
        private final BlockingQueue<Future<Chunk>> pending = new ArrayBlockingQueue<>(2 * threads);
        // Buffers go back to these pools once written, so a long stream makes little garbage (and the heap
        // stays small); an empty pool just means a new buffer.
        private final BlockingQueue<byte[]> inputPool = new ArrayBlockingQueue<>(2 * threads + 4);
        private final BlockingQueue<byte[]> outputPool = new ArrayBlockingQueue<>(2 * threads + 4);
        private final int outputSize = blockSize + (blockSize >>> 7) + 64;
        private volatile boolean aborted;
        private ExecutorService workers;
        private FutureTask<Written> writer;

        Run(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        Result run() throws IOException {
            workers = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    threadFactory("worker-"));
            writer = new FutureTask<>(this::write);
            boolean ok = false;
            try {
                threadFactory("").newThread(writer).start();
                Result result = read();
                ok = true;
                return result;
            } finally {
                stop(!ok);
            }
        }

        /** The calling thread: reads blocks, hashes them, hands them to the workers and their futures to the writer. */
        private Result read() throws IOException {
            CRC32 crc = new CRC32();
            MessageDigest sha = Digest.newSha256();
            long size = 0;
            enqueue(CompletableFuture.completedFuture(header()));

            byte[] prev = null;
            byte[] cur = inputBuffer();
            int curLen = in.readNBytes(cur, 0, blockSize);
            while (true) {
                checkAlive();
                crc.update(cur, 0, curLen);
                sha.update(cur, 0, curLen);
                size += curLen;
                // Look one block ahead so the last data block, not an empty one after it, carries the finish.
                byte[] next = null;
                int nextLen = 0;
                boolean last = curLen < blockSize;
                if (!last) {
                    next = inputBuffer();
                    nextLen = in.readNBytes(next, 0, blockSize);
                    last = nextLen == 0;
                }
                byte[] block = cur, dict = prev;
                int blockLen = curLen;
                boolean finish = last;
                enqueue(workers.submit(() -> deflate(block, blockLen, dict, finish)));
                if (last) break;
                prev = cur;
                cur = next;
                curLen = nextLen;
            }

            enqueue(CompletableFuture.completedFuture(trailer(crc.getValue(), size)));
            enqueue(END);
            Written written = awaitWriter();
            return new Result(written.digest(), written.size(),
                    Digest.ofSha256(sha.digest()), size);
        }

        private byte[] inputBuffer() {
            byte[] b = inputPool.poll();
            return b != null ? b : new byte[blockSize];
        }

        /** Hands a future to the writer, waiting while the pipeline is full but giving up when the writer died. */
        private void enqueue(Future<Chunk> f) throws IOException {
            try {
                while (!pending.offer(f, 50, TimeUnit.MILLISECONDS)) checkAlive();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("gzip compression interrupted");
            }
        }

        /** Throws the writer's failure once it has failed, and {@link InterruptedIOException} when interrupted. */
        private void checkAlive() throws IOException {
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("gzip compression interrupted");
            if (writer.isDone()) awaitWriter(); // it only ends early by failing, which this rethrows
        }

        private Written awaitWriter() throws IOException {
            try {
                Written r = writer.get();
                if (r == null) throw new IllegalStateException("gzip writer ended without a result");
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("gzip compression interrupted");
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }

        /** The writer thread: writes the blocks in order and hashes what it writes. */
        private Written write() throws IOException, InterruptedException {
            MessageDigest sha = Digest.newSha256();
            long size = 0;
            byte[] previousInput = null;
            while (true) {
                Future<Chunk> f = pending.take();
                if (f == END || aborted) break;
                Chunk c;
                try {
                    c = f.get();
                } catch (CancellationException e) {
                    break; // only cancelled on abort
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
                if (aborted) break;
                out.write(c.data(), 0, c.length());
                sha.update(c.data(), 0, c.length());
                size += c.length();
                if (c.data().length == outputSize) outputPool.offer(c.data());
                if (c.input() != null) {
                    // block k-1 was the dictionary of block k, which is now written: both are done with it
                    if (previousInput != null) inputPool.offer(previousInput);
                    previousInput = c.input();
                }
            }
            if (aborted) return null;
            out.flush();
            return new Written(Digest.ofSha256(sha.digest()), size);
        }

        /** A worker: one block to raw deflate, continuing the previous block's stream. */
        private Chunk deflate(byte[] block, int len, byte[] dict, boolean finish) {
            Deflater d = idleDeflaters.poll();
            if (d == null) {
                d = new Deflater(level, true);
                synchronized (allDeflaters) {
                    allDeflaters.add(d);
                }
            }
            try {
                if (dict != null) {
                    int n = Math.min(DICTIONARY, dict.length);
                    d.setDictionary(dict, dict.length - n, n);
                }
                d.setInput(block, 0, len);
                byte[] pooled = outputPool.poll();
                byte[] buf = pooled != null ? pooled : new byte[outputSize];
                int pos = 0;
                if (finish) {
                    d.finish();
                    while (!d.finished()) {
                        if (pos == buf.length) buf = grow(buf);
                        pos += d.deflate(buf, pos, buf.length - pos, Deflater.NO_FLUSH);
                    }
                } else {
                    // A sync flush has emitted everything once it leaves part of the output space unused.
                    while (true) {
                        if (pos == buf.length) buf = grow(buf);
                        pos += d.deflate(buf, pos, buf.length - pos, Deflater.SYNC_FLUSH);
                        if (pos < buf.length) break;
                    }
                }
                return new Chunk(buf, pos, block);
            } finally {
                d.reset();
                idleDeflaters.offer(d);
            }
        }

        /** Stops every thread this call started; on abort, first makes sure none of them waits for work or output. */
        private void stop(boolean abort) {
            if (abort) {
                aborted = true;
                for (Runnable r : workers.shutdownNow()) {
                    if (r instanceof Future<?> f) f.cancel(false);
                }
                List<Future<Chunk>> left = new ArrayList<>();
                pending.drainTo(left);
                for (Future<Chunk> f : left) f.cancel(false);
                pending.offer(END); // the reader is the only producer, so there is room now
            } else {
                workers.shutdown();
            }
            boolean interrupted = false;
            for (Thread t : startedThreads()) {
                while (true) {
                    try {
                        t.join();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            synchronized (allDeflaters) {
                for (Deflater d : allDeflaters) d.end();
            }
            if (interrupted) Thread.currentThread().interrupt();
        }

        private List<Thread> startedThreads() {
            synchronized (started) {
                return new ArrayList<>(started);
            }
        }

        private ThreadFactory threadFactory(String role) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, namePrefix + (role.isEmpty() ? "writer" : role + n.incrementAndGet()));
                t.setDaemon(true);
                synchronized (started) {
                    started.add(t);
                }
                return t;
            };
        }
    }

    private Chunk header() {
        int xfl = level == 9 ? 2 : level == 1 ? 4 : 0; // as gzip: 2 = slowest, 4 = fastest
        byte[] h = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 255};
        return new Chunk(h, h.length, null);
    }

    private static Chunk trailer(long crc, long size) {
        byte[] t = new byte[8];
        for (int i = 0; i < 4; i++) {
            t[i] = (byte) (crc >>> (8 * i));
            t[4 + i] = (byte) (size >>> (8 * i)); // ISIZE is the size mod 2^32
        }
        return new Chunk(t, t.length, null);
    }

    private static byte[] grow(byte[] buf) {
        int bigger = buf.length + Math.max(buf.length >>> 1, 64);
        if (bigger < 0) throw new OutOfMemoryError("deflate block output too large");
        byte[] b = new byte[bigger];
        System.arraycopy(buf, 0, b, 0, buf.length);
        return b;
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException e) return e;
        if (cause instanceof UncheckedIOException e) return e.getCause();
        if (cause instanceof RuntimeException e) throw e;
        if (cause instanceof Error e) throw e;
        return new IOException("gzip compression failed", cause);
    }
}
