package dev.stowage.engine;

/** Comparing dotted API versions ({@code 1.41} &lt; {@code 1.43}, {@code 4.3.1} &gt; {@code 4.0.0}). */
final class ApiVersions {
    private ApiVersions() {
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? number(x[i]) : 0;
            int q = i < y.length ? number(y[i]) : 0;
            if (p != q) return Integer.compare(p, q);
        }
        return 0;
    }

    static String min(String a, String b) {
        return compare(a, b) <= 0 ? a : b;
    }

    static boolean valid(String v) {
        return v != null && v.matches("\\d+(\\.\\d+){1,2}");
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
