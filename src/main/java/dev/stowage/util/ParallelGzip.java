package dev.stowage.util;

import dev.stowage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * Deterministic block-parallel gzip that hashes its input in the same pass.
 *
 * <p>The input is cut into fixed-size blocks and each block is compressed on a worker thread into a gzip member of
 * its own (fixed header: no name, mtime 0, XFL as gzip sets it for the level, OS 255; the block's CRC32 and size in
 * the trailer). The members are written in order: a multi-member gzip file, valid by RFC 1952 and read whole by
 * gzip(1), pigz, Go's {@code compress/gzip} (docker, containerd, skopeo, podman), Java's {@code GZIPInputStream} and
 * commons-compress. Blocks that do not share a dictionary cost ~1 % in size at 1 MiB and make the workers
 * independent. The output depends only on the input, the level, the block size and the deflate engine, never on the
 * thread count or timing, nor on how the input stream splits its reads.
 *
 * <p>The engine is ISA-L ({@link Isal}) at level 1 when the native library is there, else the JDK's zlib
 * ({@link Deflater}). The two produce different, equally valid, bytes (so do zlib and zlib-ng), which is why a
 * store keeps the compressed blob it pushed instead of expecting to reproduce it.
 *
 * <p>The calling thread reads the input and computes its sha256; a writer thread writes the members in order;
 * {@code threads} workers compress. The compressed bytes are not hashed here: the caller's sink does that once. At
 * most about {@code 2 × threads + 3} blocks are in flight, so memory stays bounded however long the input is.
 *
 * <p>Instances are immutable and may be shared; every {@link #compress} call starts its own threads and stops them
 * all before it returns or throws.
 */
public final class ParallelGzip {
    /** The size of the compressed output, and the digest and size of the uncompressed input. */
    public record Result(long compressedSize, Digest uncompressedDigest, long uncompressedSize) {
    }

    /** Who deflates. */
    public enum Engine { ISAL, ZLIB }

    public static final int DEFAULT_LEVEL = 1;
    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    /** Largest accepted block size; larger blocks buy nothing and cost memory per block in flight. */
    public static final int MAX_BLOCK_SIZE = 1 << 28;

    private static final int HEADER = 10;
    private static final int TRAILER = 8;
    private static final String THREAD_PREFIX = "stowage-gzip-";
    private static final AtomicInteger CALLS = new AtomicInteger();
    /** Tells the writer that no more blocks come: after the last member on success, or on abort. */
    private static final Future<Chunk> END = CompletableFuture.completedFuture(null);

    private final int level;
    private final int threads;
    private final int blockSize;
    private final Engine engine;
    // Buffers go back to these pools once used, and are shared by the calls on this instance (one per layer of a
    // push), so a long stream or many layers make little garbage and the heap stays small; an empty pool just means
    // a new buffer.
    private final BlockingQueue<byte[]> inputPool;
    private final BlockingQueue<byte[]> outputPool;
    /** Stored blocks cost 5 bytes per 64 KiB, well within this. */
    private final int outputSize;

    /**
     * ISA-L when it is loaded and {@code level} is 1, else zlib.
     *
     * @param level     deflate level, 0..9 or -1 for zlib's default (6)
     * @param threads   compressing threads, at least 1
     * @param blockSize uncompressed bytes per block (and gzip member), 1..{@link #MAX_BLOCK_SIZE}; part of the output
     *                  format, so the same block size must be used wherever identical bytes are expected
     */
    public ParallelGzip(int level, int threads, int blockSize) {
        this(level, threads, blockSize, level == 1 && Isal.available() ? Engine.ISAL : Engine.ZLIB);
    }

    /** With a chosen engine; {@link Engine#ISAL} needs level 1 and {@link Isal#available()}. */
    public ParallelGzip(int level, int threads, int blockSize, Engine engine) {
        if (level < -1 || level > 9) throw new IllegalArgumentException("gzip level must be -1..9, not " + level);
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be 1..1024, not " + threads);
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be 1.." + MAX_BLOCK_SIZE + ", not " + blockSize);
        }
        if (engine == Engine.ISAL && level != 1) throw new IllegalArgumentException("ISA-L is used at level 1 only");
        if (engine == Engine.ISAL && !Isal.available()) {
            throw new IllegalStateException("ISA-L is not available: " + Isal.unavailableReason());
        }
        this.level = level;
        this.threads = threads;
        this.blockSize = blockSize;
        this.engine = engine;
        this.inputPool = new ArrayBlockingQueue<>(2 * threads + 4);
        this.outputPool = new ArrayBlockingQueue<>(2 * threads + 4);
        this.outputSize = HEADER + blockSize + (blockSize >>> 7) + 1024 + TRAILER;
    }

    /** Level 1, one thread per available processor, 1 MiB blocks, ISA-L when available. */
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

    public Engine engine() {
        return engine;
    }

    /**
     * Compresses {@code in} to its end into {@code out} as gzip members of one block each (one empty member for an
     * empty input). Neither stream is closed; {@code out} is flushed. On failure (an {@link IOException} from either
     * stream, a failing worker, or interruption as {@link InterruptedIOException}) the exception is thrown after every
     * thread this call started has ended, and {@code out} holds an incomplete prefix.
     */
    public Result compress(InputStream in, OutputStream out) throws IOException {
        return new Run(in, out).run();
    }

    /** A compressed member ready to be written: {@code data[0..length)}. */
    private record Chunk(byte[] data, int length) {
    }

    /** One worker's deflater: ISA-L's native buffers, or a JDK Deflater. */
    private interface BlockDeflater extends AutoCloseable {
        /** Raw deflate of {@code block[0..len)} into {@code dest} from {@code destOff}; returns the length. */
        int deflate(byte[] block, int len, byte[] dest, int destOff);

        @Override
        void close();
    }

    /** The state of one {@link #compress} call. */
    private final class Run {
        private final InputStream in;
        private final OutputStream out;
        private final String namePrefix = THREAD_PREFIX + CALLS.incrementAndGet() + "-";
        private final List<Thread> started = new ArrayList<>();
        private final ConcurrentLinkedQueue<BlockDeflater> idleDeflaters = new ConcurrentLinkedQueue<>();
        private final List<BlockDeflater> allDeflaters = new ArrayList<>();
        private final BlockingQueue<Future<Chunk>> pending = new ArrayBlockingQueue<>(2 * threads);
        private volatile boolean aborted;
        private ExecutorService workers;
        private FutureTask<Long> writer;

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
            Sha256 sha = Sha256.create();
            long size = 0;
            boolean first = true;
            while (true) {
                checkAlive();
                byte[] block = inputBuffer();
                int len = in.readNBytes(block, 0, blockSize);
                if (len == 0 && !first) {
                    inputPool.offer(block);
                    break;
                }
                first = false;
                sha.update(block, 0, len);
                size += len;
                enqueue(workers.submit(() -> member(block, len)));
                if (len < blockSize) break;
            }
            enqueue(END);
            long written = awaitWriter();
            return new Result(written, sha.digest(), size);
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

        private long awaitWriter() throws IOException {
            try {
                Long r = writer.get();
                if (r == null) throw new IllegalStateException("gzip writer ended without a result");
                return r;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("gzip compression interrupted");
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            }
        }

        /** The writer thread: writes the members in order. */
        private Long write() throws IOException, InterruptedException {
            long size = 0;
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
                size += c.length();
                if (c.data().length == outputSize) outputPool.offer(c.data());
            }
            if (aborted) return null;
            out.flush();
            return size;
        }

        /** A worker: one block to one gzip member. */
        private Chunk member(byte[] block, int len) {
            BlockDeflater d = idleDeflaters.poll();
            if (d == null) {
                d = newDeflater();
                synchronized (allDeflaters) {
                    allDeflaters.add(d);
                }
            }
            try {
                byte[] pooled = outputPool.poll();
                byte[] buf = pooled != null ? pooled : new byte[outputSize];
                header(buf);
                int pos = HEADER + d.deflate(block, len, buf, HEADER);
                CRC32 crc = new CRC32();
                crc.update(block, 0, len);
                putIntLe(buf, pos, (int) crc.getValue());
                putIntLe(buf, pos + 4, len);
                inputPool.offer(block);
                return new Chunk(buf, pos + TRAILER);
            } finally {
                idleDeflaters.offer(d);
            }
        }

        private BlockDeflater newDeflater() {
            if (engine == Engine.ISAL) {
                Isal.BlockCompressor c = new Isal.BlockCompressor(blockSize);
                return new BlockDeflater() {
                    @Override
                    public int deflate(byte[] block, int len, byte[] dest, int destOff) {
                        return c.compress(block, len, dest, destOff);
                    }

                    @Override
                    public void close() {
                        c.close();
                    }
                };
            }
            Deflater z = new Deflater(level, true);
            return new BlockDeflater() {
                @Override
                public int deflate(byte[] block, int len, byte[] dest, int destOff) {
                    z.reset();
                    z.setInput(block, 0, len);
                    z.finish();
                    int pos = destOff;
                    while (!z.finished()) {
                        if (pos == dest.length - TRAILER) throw new IllegalStateException("deflate output larger than its buffer");
                        pos += z.deflate(dest, pos, dest.length - TRAILER - pos, Deflater.NO_FLUSH);
                    }
                    return pos - destOff;
                }

                @Override
                public void close() {
                    z.end();
                }
            };
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
                for (BlockDeflater d : allDeflaters) d.close();
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

    private void header(byte[] buf) {
        int xfl = level == 9 ? 2 : level == 1 ? 4 : 0; // as gzip: 2 = slowest, 4 = fastest
        buf[0] = 0x1f;
        buf[1] = (byte) 0x8b;
        buf[2] = 8;
        for (int i = 3; i < 8; i++) buf[i] = 0; // no flags, mtime 0
        buf[8] = (byte) xfl;
        buf[9] = (byte) 255;
    }

    private static void putIntLe(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i)); // ISIZE is the size mod 2^32
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException e) return e;
        if (cause instanceof UncheckedIOException e) return e.getCause();
        if (cause instanceof RuntimeException e) throw e;
        if (cause instanceof Error e) throw e;
        return new IOException("gzip compression failed", cause);
    }
}
