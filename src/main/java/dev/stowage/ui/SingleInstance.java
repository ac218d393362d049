package dev.stowage.ui;

import dev.stowage.registry.RegistrySettings;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One app per store: the first start holds a lock file and listens on a Unix domain socket beside it; a later
 * start on the same store finds the lock taken, sends its files (absolute paths, one a line) over the socket
 * and exits, and the running app imports them and comes to the front. The lock, not the socket file, says who
 * runs: the system releases it when the process dies, so a socket left by a crash is simply replaced.
 */
public final class SingleInstance implements Closeable {
    /** How long a later start waits for the first one to listen (it takes the lock before it binds). */
    private static final long CONNECT_WAIT_MS = 10_000;
    /** Longer paths do not fit a Unix socket address on every system (sun_path holds 108 bytes). */
    private static final int MAX_SOCKET_PATH = 100;

    private final Path socket;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final List<List<Path>> waiting = new ArrayList<>();
    private Consumer<List<Path>> receiver;

    private SingleInstance(Path socket, FileChannel lockFile, FileLock lock, ServerSocketChannel server) {
        this.socket = socket;
        this.lockFile = lockFile;
        this.lock = lock;
        this.server = server;
    }

    /**
     * The socket of the app on {@code store}: in {@code $XDG_RUNTIME_DIR/stowage}, else in the config folder, named
     * after the store's path. Empty when that path is too long for a socket address.
     */
    public static Optional<Path> address(Map<String, String> env, Path store) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "stowage") : RegistrySettings.configDir(env);
        Path socket = dir.resolve("app-" + storeKey(store) + ".sock").toAbsolutePath();
        return socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH ? Optional.empty() : Optional.of(socket);
    }

    private static String storeKey(Path store) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(store.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Becomes the app listening on {@code socket}, or, when another app already is, hands it {@code files} (it
     * comes to the front even when there are none) and returns empty.
     */
    public static Optional<SingleInstance> claimOrHandOff(Path socket, List<Path> files) throws IOException {
        Path dir = socket.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        FileChannel lockFile = FileChannel.open(dir.resolve(socket.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockFile.close();
            handOff(socket, files);
            return Optional.empty();
        }
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            SingleInstance instance = new SingleInstance(socket, lockFile, lock, server);
            Thread accepting = new Thread(instance::accept, "stowage-single-instance");
            accepting.setDaemon(true);
            accepting.start();
            return Optional.of(instance);
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
    }

    private static void handOff(Path socket, List<Path> files) throws IOException {
        long deadline = System.currentTimeMillis() + CONNECT_WAIT_MS;
        while (true) {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                OutputStream out = Channels.newOutputStream(channel);
                StringBuilder lines = new StringBuilder();
                for (Path f : files) lines.append(f.toAbsolutePath()).append('\n');
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                channel.shutdownOutput();
                String answer = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8)).readLine();
                if (!"ok".equals(answer)) throw new IOException("the running Stowage did not take the files (" + socket + ")");
                return;
            } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
                // the running app has the lock but is not listening yet
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("another Stowage holds " + socket + ".lock but does not answer", e);
                }
                sleep();
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while handing the files over");
        }
    }

    /** From now on, files later starts send go to {@code receiver} (on this class's thread), those sent before first. */
    public void onFiles(Consumer<List<Path>> receiver) {
        List<List<Path>> before;
        synchronized (this) {
            this.receiver = receiver;
            before = List.copyOf(waiting);
            waiting.clear();
        }
        before.forEach(receiver);
    }

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                List<Path> files = new ArrayList<>();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client), StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) files.add(Path.of(line));
                }
                deliver(List.copyOf(files));
                OutputStream out = Channels.newOutputStream(client);
                out.write("ok\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                if (!server.isOpen()) return;
                System.err.println("Warning: a second start of Stowage could not hand over its files: " + e.getMessage());
            }
        }
    }

    private void deliver(List<Path> files) {
        Consumer<List<Path>> to;
        synchronized (this) {
            to = receiver;
            if (to == null) waiting.add(files);
        }
        if (to != null) to.accept(files);
    }

    @Override
    public void close() throws IOException {
        try (lockFile) {
            server.close();
            Files.deleteIfExists(socket);
            lock.release();
        }
    }
}
