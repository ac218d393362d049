package dev.stowage.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;

/** Sizes and ages written the way the docker CLI writes them (go-units). */
public final class Human {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Human() {
    }

    /** Decimal units with three significant digits: {@code 4.26MB}, {@code 850B}. */
    public static String size(long bytes) {
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
        return rounded.toPlainString() + UNITS[unit];
    }

    /** {@code 2 weeks ago}, {@code About an hour ago}; {@code N/A} for an unknown time. */
    public static String ago(Instant then, Instant now) {
        if (then == null) return "N/A";
        return duration(Duration.between(then, now)) + " ago";
    }

    /** {@code 45 seconds}, {@code About an hour}, {@code 3 days}: a span in the words docker uses. */
    public static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = d.toMinutes();
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return (long) (d.toHours() / 24.0 / 365) + " years";
    }
}
