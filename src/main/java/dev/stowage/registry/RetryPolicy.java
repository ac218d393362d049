package dev.stowage.registry;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Which failures are retried and how long to wait: 408, 429 (honouring Retry-After), 5xx and lost connections
 * (refused, reset, closed by the peer, timed out), with exponential backoff, for a bounded number of attempts.
 * {@link RegistryClient#retrying} applies it to every request.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

    public boolean retriesStatus(int status, int attempt) {
        return attempt < maxAttempts && isTransient(status);
    }

    /** 408, 429 and 5xx but 501 and 505 (which say the request itself is not understood). */
    public static boolean isTransient(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    public boolean retriesIOException(IOException e, int attempt) {
        return attempt < maxAttempts && isConnectionFailure(e);
    }

    /**
     * A connection that could not be made or was lost: refused, reset, closed by the peer (OkHttp's "unexpected
     * end of stream" on a pooled connection the server had closed), timed out — also when wrapped, as a TLS
     * handshake cut short is. Not a TLS failure of its own (an untrusted certificate) nor an unknown host.
     */
    static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof EOFException
                    || message.startsWith("unexpected end of stream") || message.startsWith("stream was reset")) {
                return true;
            }
            if (t.getCause() == t) break;
        }
        return false;
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
