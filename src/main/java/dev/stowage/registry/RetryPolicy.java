package dev.stowage.registry;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Which failures are retried and how long to wait: 408, 429 (honouring Retry-After), 5xx and connection
 * resets, with exponential backoff, for a bounded number of attempts.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    public boolean retriesStatus(int status, int attempt) {
        return attempt < maxAttempts && (status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505));
    }

    public boolean retriesIOException(IOException e, int attempt) {
        return attempt < maxAttempts && (e instanceof SocketException || e instanceof SocketTimeoutException
                || e instanceof java.io.EOFException || String.valueOf(e.getMessage()).contains("unexpected end of stream"));
    }

    /** Exponential backoff, or the server's Retry-After (seconds or HTTP date), capped at {@code maxBackoff}. */
    public Duration backoff(int attempt, String retryAfter) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        if (retryAfter != null) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
            } catch (NumberFormatException e) {
                try {
                    wait = Duration.between(java.time.Instant.now(),
                            ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException ignored) {
                    // keep the exponential value
                }
            }
        }
        if (wait.isNegative()) wait = Duration.ZERO;
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
