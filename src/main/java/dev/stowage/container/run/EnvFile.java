package dev.stowage.container.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code -e} and {@code --env-file} values as docker reads them: {@code K=V} as is, a bare {@code K} takes the
 * caller's value (and is dropped when the caller has none); env files have one per line, {@code #} comments
 * and blank lines skipped, nothing unquoted.
 */
public final class EnvFile {
    private EnvFile() {
    }

    public static List<String> parse(String text, Map<String, String> callerEnv) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            String l = line.stripLeading();
            if (l.isEmpty() || l.startsWith("#")) continue;
            lines.add(l);
        }
        return resolve(lines, callerEnv);
    }

    public static List<String> resolve(List<String> values, Map<String, String> callerEnv) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq == 0) throw new RunFailure(RunFailure.STOWAGE, "invalid environment variable: " + v);
            if (eq > 0) {
                out.add(v);
            } else {
                String value = callerEnv.get(v.strip());
                if (value != null) out.add(v.strip() + "=" + value);
            }
        }
        return out;
    }
}
