package dev.stowage.container.run;

import java.time.Duration;
import java.time.Instant;

/**
 * A container's state as docker reports it: created (never started), running, paused or exited (with
 * its exit code), and the times {@code ps} words as "Up 3 minutes" or "Exited (0) 5 seconds ago".
 */
public record ContainerStatus(String state, int exitCode, Instant startedAt, Instant finishedAt, long pid) {
    public static final String CREATED = "created";
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String EXITED = "exited";

    public boolean active() {
        return state.equals(RUNNING) || state.equals(PAUSED);
    }

    /** docker's Status column. */
    public String describe(Instant now) {
        return switch (state) {
            case RUNNING -> "Up " + humanDuration(Duration.between(startedAt, now));
            case PAUSED -> "Up " + humanDuration(Duration.between(startedAt, now)) + " (Paused)";
            case EXITED -> "Exited (" + exitCode + ") " + humanDuration(Duration.between(finishedAt, now)) + " ago";
            default -> "Created";
        };
    }

    /** go-units' HumanDuration, as docker's ps prints durations. */
    public static String humanDuration(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = seconds / 60;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(seconds / 3600.0);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return hours / 24 / 365 + " years";
    }
}
