package dev.stowage.container;

import java.util.Map;

/** Go's {@code time.ParseDuration}, for HEALTHCHECK's --interval and friends; the result is in nanoseconds. */
final class GoDuration {
    private GoDuration() {
    }

    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L, // micro sign
            "\u03bcs", 1_000L, // Greek mu
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    /** A duration such as "300ms", "-1.5h" or "2h45m": signed decimals with units; "0" needs none. */
    static long parse(String orig) {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) return 0;
        if (s.isEmpty()) throw invalid(orig);
        // the sum is kept as an unsigned magnitude up to 1<<63, as Go does
        long d = 0;
        final long limit = Long.MIN_VALUE; // 1<<63 as unsigned
        while (!s.isEmpty()) {
            char c = s.charAt(0);
            if (!(c == '.' || (c >= '0' && c <= '9'))) throw invalid(orig);
            int i = 0;
            long v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (Long.compareUnsigned(v, Long.divideUnsigned(limit, 10)) > 0) throw invalid(orig);
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, limit) > 0) throw invalid(orig);
                i++;
            }
            boolean pre = i > 0;
            s = s.substring(i);
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                int j = 0;
                boolean overflow = false;
                while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    if (!overflow) {
                        if (f > (Long.MAX_VALUE - 1) / 10) {
                            overflow = true; // further digits only lose precision
                        } else {
                            f = f * 10 + (s.charAt(j) - '0');
                            scale *= 10;
                        }
                    }
                    j++;
                }
                post = j > 0;
                s = s.substring(j);
            }
            if (!pre && !post) throw invalid(orig);
            int u = 0;
            while (u < s.length() && s.charAt(u) != '.' && !(s.charAt(u) >= '0' && s.charAt(u) <= '9')) u++;
            if (u == 0) throw new IllegalArgumentException("time: missing unit in duration " + GoText.quote(orig));
            String unitName = s.substring(0, u);
            s = s.substring(u);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new IllegalArgumentException("time: unknown unit " + GoText.quote(unitName) + " in duration "
                        + GoText.quote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(limit, unit)) > 0) throw invalid(orig);
            v *= unit;
            if (f > 0) {
                v += (long) ((double) f * ((double) unit / scale));
                if (Long.compareUnsigned(v, limit) > 0) throw invalid(orig);
            }
            d += v;
            if (Long.compareUnsigned(d, limit) > 0) throw invalid(orig);
        }
        if (neg) return -d;
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) throw invalid(orig);
        return d;
    }

    private static IllegalArgumentException invalid(String orig) {
        return new IllegalArgumentException("time: invalid duration " + GoText.quote(orig));
    }
}
