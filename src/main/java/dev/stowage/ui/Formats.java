package dev.stowage.ui;


import dev.stowage.util.Human;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/** Sizes and times as the UI shows them, in the UI's language. */
public final class Formats {
    private final Messages messages;
    private final DateTimeFormatter exact;

    public Formats(Messages messages) {
        this.messages = messages;
        this.exact = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                .withLocale(messages.locale()).withZone(ZoneId.systemDefault());
    }

    public String size(long bytes) {
        return Human.size(bytes);
    }

    public String exact(Instant time) {
        return time == null ? messages.get("time.unknown") : exact.format(time);
    }

    public String ago(Instant then, Instant now) {
        if (then == null) return messages.get("time.unknown");
        Duration d = Duration.between(then, now);
        long seconds = d.getSeconds();
        if (seconds < 60) return messages.get("time.justNow");
        long minutes = d.toMinutes();
        if (minutes < 60) return messages.format("time.minutes", minutes);
        long hours = d.toHours();
        if (hours < 48) return messages.format("time.hours", hours);
        long days = d.toDays();
        if (days < 14) return messages.format("time.days", days);
        if (days < 60) return messages.format("time.weeks", days / 7);
        if (days < 730) return messages.format("time.months", days / 30);
        return messages.format("time.years", days / 365);
    }
}
