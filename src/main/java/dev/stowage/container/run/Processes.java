package dev.stowage.container.run;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small process helpers: a command that must succeed, a detached helper, a pid file, a FIFO. */
final class Processes {
    private Processes() {
    }

    /** Runs a short command; a failure is a {@link RunFailure} with its stderr. */
    static void runChecked(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/null")).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new RunFailure(RunFailure.STOWAGE, String.join(" ", cmd) + " failed: " + (out.isEmpty() ? "exit code " + p.exitValue() : out.lines().findFirst().orElse(out)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    static void mkfifo(Path path) throws IOException {
        runChecked(List.of("mkfifo", "-m", "600", path.toString()));
    }

    /** The pid a file holds, or -1. */
    static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Ends a helper process (TERM, then KILL after a second) if the pid file names a live one. */
    static void stop(Path pidFile) {
        long pid = readPid(pidFile);
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
    }
}
