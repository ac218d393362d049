package dev.stowage.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Dockerfile instructions applied to an image config, as {@code docker commit --change} and
 * {@code docker import --change} apply them.
 *
 * <p>This follows moby's {@code BuildFromConfig} ({@code daemon/builder/dockerfile/builder.go}): the changes are
 * parsed as one Dockerfile by buildkit's parser ({@code frontend/dockerfile/parser}), each must be one of
 * {@code validCommitCommands} and is turned into an instruction by buildkit's {@code instructions/parse.go}, then
 * dispatched onto the runtime config ({@code dispatchers.go}, {@code evaluator.go}) with a fresh dispatch state.
 * Arguments of ENV, LABEL, USER, WORKDIR, VOLUME and STOPSIGNAL are expanded against the config's {@code Env} as
 * it is before the instruction ({@code ${VAR}}, quotes, backslash escapes), EXPOSE splits the expansion into words.
 * For a commit, moby's {@code merge} ({@code daemon/commit.go}) then fills what the changes left empty from the
 * image's config again; an import starts from an empty config and has no merge.
 *
 * <p>Semantics are those of a Linux image: a shell-form CMD or ENTRYPOINT runs under the config's {@code Shell}
 * or {@code /bin/sh -c}, and WORKDIR paths are POSIX paths.
 */
public final class ImageChanges {
    /** moby's validCommitCommands: what --change accepts. HEALTHCHECK is allowed there too. */
    private static final Set<String> VALID_COMMIT_COMMANDS = Set.of("cmd", "entrypoint", "healthcheck", "env",
            "expose", "label", "onbuild", "stopsignal", "user", "volume", "workdir");

    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum Kind { CMD, ENTRYPOINT, ENV, EXPOSE, HEALTHCHECK, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR }

    /** container.HealthConfig; durations in nanoseconds, zero meaning "inherit". */
    private record Health(List<String> test, long interval, long timeout, long startPeriod, long startInterval,
                          int retries) {
    }

    /**
     * One parsed instruction. words: ENV/LABEL [k, v, k, v…], EXPOSE/VOLUME the words, USER/WORKDIR/STOPSIGNAL
     * the one word, all as written (expanded when applied). cmdLine: CMD/ENTRYPOINT, null for an empty ENTRYPOINT.
     */
    private record Step(Kind kind, String source, List<String> words, List<String> cmdLine, boolean prependShell,
                        Health health, String expression) {
    }

    private final List<Step> steps;

    private ImageChanges(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** {@link #parse}, for commit and import: no list means no changes, and bad input is a {@link ContainerException}. */
    static ImageChanges parseForCommand(List<String> changes) {
        try {
            return parse(changes == null ? List.of() : changes);
        } catch (IllegalArgumentException e) {
            throw new ContainerException(e.getMessage(), e);
        }
    }

    /**
     * Parses changes, each a Dockerfile instruction such as {@code CMD ["/bin/httpd","-f"]} or
     * {@code ENV A=1 B="two words"}. Instruction names are case-insensitive. No changes is a valid, empty set.
     *
     * @throws IllegalArgumentException with a one-line, docker-like message for a change docker would reject, e.g.
     *                                  {@code RUN is not a valid change command} or {@code unknown instruction: FOO}
     */
    public static ImageChanges parse(List<String> changes) {
        Objects.requireNonNull(changes, "changes");
        if (changes.isEmpty()) return new ImageChanges(List.of());
        for (String c : changes) Objects.requireNonNull(c, "change");
        // moby joins the changes into one Dockerfile; the parser's errors come before any instruction's
        List<DockerfileSyntax.Node> nodes = DockerfileSyntax.parse(String.join("\n", changes));
        List<Step> steps = new ArrayList<>();
        for (DockerfileSyntax.Node n : nodes) {
            String key = n.key();
            if (!VALID_COMMIT_COMMANDS.contains(key)) {
                // moby says "FOO is not a valid change command" for any word; we name a non-instruction as such
                if (!DockerfileSyntax.isInstruction(key)) {
                    throw new IllegalArgumentException("unknown instruction: " + n.command());
                }
                throw new IllegalArgumentException(n.command() + " is not a valid change command");
            }
            steps.add(instruction(n));
        }
        ImageChanges parsed = new ImageChanges(steps);
        // everything that does not depend on the config's environment fails here rather than when applied
        parsed.dispatch(NODES.objectNode(), true);
        return parsed;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The instructions, one per line as written (trimmed), joined by "; ": for a history entry's comment. */
    public String describe() {
        return steps.stream().map(Step::source).collect(Collectors.joining("; "));
    }

    /**
     * Applies the changes to an image config document as {@code docker commit --change} does: the runtime part
     * ({@code "config"}, created when absent) is changed in place, then moby's merge restores what the changes
     * emptied (so an {@code ENTRYPOINT []} keeps the image's entrypoint, and a {@code USER ""} its user). Every
     * other field, known or not, is kept. The document is left untouched when a change fails.
     *
     * @throws IllegalArgumentException for a change that fails against this config's environment, e.g.
     *                                  {@code ${VAR:?}} with VAR unset, or a port a variable expands to
     */
    public void applyTo(ObjectNode imageConfig) {
        apply(imageConfig, true);
    }

    /**
     * Applies the changes as {@code docker import --change} does: like {@link #applyTo} but without the merge,
     * meant for the fresh config of an imported filesystem.
     */
    public void applyToImported(ObjectNode imageConfig) {
        apply(imageConfig, false);
    }

    private void apply(ObjectNode imageConfig, boolean merge) {
        Objects.requireNonNull(imageConfig, "imageConfig");
        JsonNode existing = imageConfig.get("config");
        ObjectNode original;
        if (existing == null || existing.isNull()) {
            original = NODES.objectNode();
        } else if (existing.isObject()) {
            original = (ObjectNode) existing;
        } else {
            throw new IllegalArgumentException("the image config's \"config\" is not a JSON object");
        }
        ObjectNode work = original.deepCopy();
        Touched touched = dispatch(work, false);
        if (merge) merge(work, original, touched);
        imageConfig.set("config", work);
    }

    // ---- instructions (buildkit instructions/parse.go) ----

    private static Step instruction(DockerfileSyntax.Node n) {
        String source = GoText.trimSpace(n.original());
        List<String> args = n.args();
        switch (n.key()) {
            case "env":
            case "label": {
                String name = n.key().toUpperCase(Locale.ROOT);
                parseFlags(n.flags(), Set.of());
                if (args.isEmpty()) throw new IllegalArgumentException(name + " requires at least one argument");
                if (args.size() % 2 != 0) {
                    throw new IllegalArgumentException("Bad input to " + name + ", too many arguments");
                }
                for (int i = 0; i < args.size(); i += 2) {
                    if (args.get(i).isEmpty()) throw new IllegalArgumentException(name + " names can not be blank");
                }
                return new Step(name.equals("ENV") ? Kind.ENV : Kind.LABEL, source, args, null, false, null, null);
            }
            case "cmd": {
                parseFlags(n.flags(), Set.of());
                return new Step(Kind.CMD, source, List.of(), handleJsonArgs(args, n.json()), !n.json(), null, null);
            }
            case "entrypoint": {
                parseFlags(n.flags(), Set.of());
                List<String> cmd = handleJsonArgs(args, n.json());
                return new Step(Kind.ENTRYPOINT, source, List.of(), cmd.isEmpty() ? null : cmd, !n.json(), null, null);
            }
            case "healthcheck":
                return new Step(Kind.HEALTHCHECK, source, List.of(), null, false, healthcheck(n), null);
            case "expose": {
                if (args.isEmpty()) throw new IllegalArgumentException("EXPOSE requires at least one argument");
                parseFlags(n.flags(), Set.of());
                return new Step(Kind.EXPOSE, source, args, null, false, null, null);
            }
            case "user": {
                if (args.size() != 1) throw new IllegalArgumentException("USER requires exactly one argument");
                parseFlags(n.flags(), Set.of());
                return new Step(Kind.USER, source, args, null, false, null, null);
            }
            case "volume": {
                if (args.isEmpty()) throw new IllegalArgumentException("VOLUME requires at least one argument");
                parseFlags(n.flags(), Set.of());
                List<String> volumes = new ArrayList<>();
                for (String v : args) {
                    v = GoText.trimSpace(v);
                    if (v.isEmpty()) throw new IllegalArgumentException("VOLUME specified can not be an empty string");
                    volumes.add(v);
                }
                return new Step(Kind.VOLUME, source, volumes, null, false, null, null);
            }
            case "stopsignal": {
                // buildkit does not parse STOPSIGNAL's flags
                if (args.size() != 1) throw new IllegalArgumentException("STOPSIGNAL requires exactly one argument");
                return new Step(Kind.STOPSIGNAL, source, args, null, false, null, null);
            }
            case "workdir": {
                if (args.size() != 1) throw new IllegalArgumentException("WORKDIR requires exactly one argument");
                parseFlags(n.flags(), Set.of());
                return new Step(Kind.WORKDIR, source, args, null, false, null, null);
            }
            case "onbuild":
                return new Step(Kind.ONBUILD, source, List.of(), null, false, null, onbuild(n));
            default:
                throw new IllegalStateException("not a change command: " + n.command());
        }
    }

    /** Exec form as given; shell form as one string (the shell is prepended when applied); nothing as empty. */
    private static List<String> handleJsonArgs(List<String> args, boolean json) {
        if (args.isEmpty()) return List.of();
        if (json) return args;
        return List.of(String.join(" ", args));
    }

    /** buildkit's BFlags.Parse for string flags: the values of the known flags given. */
    private static Map<String, String> parseFlags(List<String> flags, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        for (String a : flags) {
            if (a.equals("--")) break;
            if (!a.startsWith("--")) throw new IllegalArgumentException("arg should start with -- : " + a);
            int eq = a.indexOf('=');
            String flagName = eq < 0 ? a : a.substring(0, eq);
            String name = flagName.substring(2);
            if (!known.contains(name)) throw new IllegalArgumentException("unknown flag: " + flagName);
            if (values.containsKey(name)) throw new IllegalArgumentException("duplicate flag specified: " + flagName);
            if (eq < 0) throw new IllegalArgumentException("missing a value on flag: " + flagName);
            values.put(name, a.substring(eq + 1));
        }
        return values;
    }

    private static final Set<String> HEALTHCHECK_FLAGS = Set.of("interval", "timeout", "start-period",
            "start-interval", "retries");

    private static Health healthcheck(DockerfileSyntax.Node n) {
        List<String> args = n.args();
        if (args.isEmpty()) throw new IllegalArgumentException("HEALTHCHECK requires at least one argument");
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) throw new IllegalArgumentException("HEALTHCHECK NONE takes no arguments");
            return new Health(List.of("NONE"), 0, 0, 0, 0, 0);
        }
        Map<String, String> flags = parseFlags(n.flags(), HEALTHCHECK_FLAGS);
        if (!type.equals("CMD")) {
            throw new IllegalArgumentException("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        List<String> cmd = handleJsonArgs(rest, n.json());
        if (cmd.isEmpty()) throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
        List<String> test = new ArrayList<>();
        test.add(n.json() ? "CMD" : "CMD-SHELL");
        test.addAll(cmd);
        long interval = interval(flags, "interval");
        long timeout = interval(flags, "timeout");
        long startPeriod = interval(flags, "start-period");
        long startInterval = interval(flags, "start-interval");
        int retries = 0;
        String r = flags.get("retries");
        if (r != null && !r.isEmpty()) {
            long value;
            try {
                value = goParseInt(r);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("strconv.ParseInt: parsing " + GoText.quote(r) + ": "
                        + e.getMessage());
            }
            if (value < 0) throw new IllegalArgumentException("--retries cannot be negative (" + value + ")");
            retries = (int) value;
        }
        return new Health(List.copyOf(test), interval, timeout, startPeriod, startInterval, retries);
    }

    /** strconv.ParseInt(s, 10, 32); the exception message is strconv's reason. */
    private static long goParseInt(String s) {
        if (!s.matches("[+-]?[0-9]+")) throw new NumberFormatException("invalid syntax");
        long v;
        try {
            v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("value out of range");
        }
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new NumberFormatException("value out of range");
        return v;
    }

    /** buildkit's parseOptInterval: empty or 0 is unset; anything else at least container.MinimumDuration. */
    private static long interval(Map<String, String> flags, String name) {
        String s = flags.get(name);
        if (s == null || s.isEmpty()) return 0;
        long d = GoDuration.parse(s);
        if (d == 0) return 0;
        if (d < 1_000_000L) {
            throw new IllegalArgumentException("Interval " + GoText.quote(name) + " cannot be less than 1ms");
        }
        return d;
    }

    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^[\\t\\n\\f\\r ]*ONBUILD[\\t\\n\\f\\r ]*");

    private static String onbuild(DockerfileSyntax.Node n) {
        List<String> args = n.args();
        if (args.isEmpty()) throw new IllegalArgumentException("ONBUILD requires at least one argument");
        parseFlags(n.flags(), Set.of());
        String trigger = GoText.trimSpace(args.get(0)).toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw new IllegalArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new IllegalArgumentException(trigger + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        // the trigger is kept as written, to be parsed again when an image is built FROM this one
        return ONBUILD_PREFIX.matcher(n.original()).replaceFirst("");
    }

    // ---- dispatch (moby dispatchers.go) ----

    /** What the changes set, for the merge. */
    private record Touched(boolean user, boolean command, boolean healthcheck) {
    }

    /**
     * Dispatches every step onto a runtime config. In probe mode (at parse time, on an empty config) values that
     * come from a variable are not checked, since they depend on the environment of the config applied to.
     */
    private Touched dispatch(ObjectNode cfg, boolean probe) {
        boolean cmdSet = false;
        boolean user = false;
        boolean command = false;
        boolean healthcheck = false;
        for (Step s : steps) {
            Map<String, String> env = ShellLex.envMap(listOrEmpty(cfg, "Env"));
            switch (s.kind()) {
                case ENV -> {
                    List<String> pairs = expandAll(s.words(), env, probe);
                    List<String> list = new ArrayList<>(listOrEmpty(cfg, "Env"));
                    for (int i = 0; i < pairs.size(); i += 2) {
                        String name = pairs.get(i);
                        String newVar = name + "=" + pairs.get(i + 1);
                        boolean replaced = false;
                        for (int j = 0; j < list.size(); j++) {
                            String e = list.get(j);
                            int eq = e.indexOf('=');
                            if ((eq < 0 ? e : e.substring(0, eq)).equals(name)) {
                                list.set(j, newVar);
                                replaced = true;
                                break;
                            }
                        }
                        if (!replaced) list.add(newVar);
                    }
                    putList(cfg, "Env", list);
                }
                case LABEL -> {
                    List<String> pairs = expandAll(s.words(), env, probe);
                    ObjectNode labels = map(cfg, "Labels");
                    for (int i = 0; i < pairs.size(); i += 2) labels.put(pairs.get(i), pairs.get(i + 1));
                    putSorted(cfg, "Labels", labels);
                }
                case CMD -> {
                    // CMD [] gives an empty Cmd; a bare CMD gives the shell alone, as moby's resolveCmdLine does
                    putList(cfg, "Cmd", resolveCmdLine(s, cfg));
                    cfg.remove("ArgsEscaped");
                    if (!s.cmdLine().isEmpty()) cmdSet = true;
                    command = true;
                }
                case ENTRYPOINT -> {
                    // moby's dispatchEntrypoint resets Cmd unless a CMD came earlier in the same changes; BuildFromConfig
                    // starts with a fresh dispatch state, so `docker commit --change 'ENTRYPOINT ["x"]'` drops the
                    // image's Cmd too (merge only restores Cmd when the new Entrypoint is empty).
                    putList(cfg, "Entrypoint", resolveCmdLine(s, cfg));
                    cfg.remove("ArgsEscaped");
                    if (!cmdSet) putList(cfg, "Cmd", null);
                    command = true;
                }
                case HEALTHCHECK -> {
                    cfg.set("Healthcheck", healthJson(s.health()));
                    healthcheck = true;
                }
                case EXPOSE -> {
                    // EXPOSE alone expands a word into words: EXPOSE $PORTS with PORTS="80 443"
                    ObjectNode ports = map(cfg, "ExposedPorts");
                    for (String raw : s.words()) {
                        for (String p : ShellLex.processWords(raw, env, probe)) {
                            if (probe && raw.contains("$")) continue;
                            for (String port : PortSpec.exposedPorts(p)) ports.set(port, NODES.objectNode());
                        }
                    }
                    putSorted(cfg, "ExposedPorts", ports);
                }
                case USER -> {
                    cfg.put("User", ShellLex.processWord(s.words().get(0), env, probe));
                    user = true;
                }
                case VOLUME -> {
                    ObjectNode volumes = map(cfg, "Volumes");
                    for (String raw : s.words()) {
                        String v = ShellLex.processWord(raw, env, probe);
                        if (v.isEmpty()) {
                            if (probe && raw.contains("$")) continue;
                            throw new IllegalArgumentException("VOLUME specified can not be an empty string");
                        }
                        volumes.set(v, NODES.objectNode());
                    }
                    putSorted(cfg, "Volumes", volumes);
                }
                case STOPSIGNAL -> {
                    String raw = s.words().get(0);
                    String signal = ShellLex.processWord(raw, env, probe);
                    if (!(probe && raw.contains("$"))) checkSignal(signal);
                    cfg.put("StopSignal", signal);
                }
                case WORKDIR -> {
                    String raw = s.words().get(0);
                    String path = ShellLex.processWord(raw, env, probe);
                    if (path.isEmpty()) {
                        if (probe && raw.contains("$")) continue;
                        throw new IllegalArgumentException("cannot normalize nothing");
                    }
                    cfg.put("WorkingDir", normalizeWorkdir(text(cfg, "WorkingDir"), path));
                }
                case ONBUILD -> {
                    List<String> triggers = new ArrayList<>(listOrEmpty(cfg, "OnBuild"));
                    triggers.add(s.expression());
                    putList(cfg, "OnBuild", triggers);
                }
            }
        }
        return new Touched(user, command, healthcheck);
    }

    private static List<String> expandAll(List<String> words, Map<String, String> env, boolean probe) {
        List<String> out = new ArrayList<>(words.size());
        for (String w : words) out.add(ShellLex.processWord(w, env, probe));
        return out;
    }

    /** Shell form gets the config's SHELL (or /bin/sh -c) in front; exec form is kept; null stays null. */
    private static List<String> resolveCmdLine(Step s, ObjectNode cfg) {
        List<String> cmd = s.cmdLine();
        if (cmd == null || !s.prependShell()) return cmd;
        List<String> shell = listOrEmpty(cfg, "Shell");
        List<String> out = new ArrayList<>(shell.isEmpty() ? DEFAULT_SHELL : shell);
        out.addAll(cmd);
        return out;
    }

    /** moby's normalizeWorkdir (unix): a relative path is joined to the current one; both are cleaned. */
    private static String normalizeWorkdir(String current, String requested) {
        if (!requested.startsWith("/")) return cleanPath("/" + "/" + (current == null ? "" : current) + "/" + requested);
        return cleanPath(requested);
    }

    /** Go's path.Clean for rooted paths. */
    private static String cleanPath(String path) {
        List<String> out = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
                continue;
            }
            out.add(seg);
        }
        return "/" + String.join("/", out);
    }

    /** The Linux signal names moby/sys/signal knows, without the SIG prefix. */
    private static final Set<String> SIGNALS = signals();

    private static Set<String> signals() {
        Set<String> s = new HashSet<>(Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP",
                "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP",
                "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU",
                "XFSZ", "RTMIN", "RTMAX"));
        for (int i = 1; i <= 15; i++) s.add("RTMIN+" + i);
        for (int i = 1; i <= 14; i++) s.add("RTMAX-" + i);
        return Set.copyOf(s);
    }

    /** moby/sys/signal.ParseSignal: a non-zero number, or a name with or without SIG in any case; kept as given. */
    private static void checkSignal(String raw) {
        if (raw.matches("[+-]?[0-9]+")) {
            try {
                long n = Long.parseLong(raw.startsWith("+") ? raw.substring(1) : raw);
                if (n == 0) throw new IllegalArgumentException("invalid signal: " + raw);
                return;
            } catch (NumberFormatException e) {
                // out of range for Atoi: looked up as a name, which it is not
            }
        }
        String name = raw.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) name = name.substring(3);
        if (!SIGNALS.contains(name)) throw new IllegalArgumentException("invalid signal: " + raw);
    }

    private static ObjectNode healthJson(Health h) {
        // container.HealthConfig: every field omitempty, in struct order
        ObjectNode o = NODES.objectNode();
        if (!h.test().isEmpty()) {
            ArrayNode test = o.putArray("Test");
            h.test().forEach(test::add);
        }
        if (h.interval() != 0) o.set("Interval", number(h.interval()));
        if (h.timeout() != 0) o.set("Timeout", number(h.timeout()));
        if (h.startPeriod() != 0) o.set("StartPeriod", number(h.startPeriod()));
        if (h.startInterval() != 0) o.set("StartInterval", number(h.startInterval()));
        if (h.retries() != 0) o.put("Retries", h.retries());
        return o;
    }

    /** A number node as Jackson reads it back (int when it fits), so that trees compare equal after a round trip. */
    private static JsonNode number(long v) {
        return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
    }

    private static Health readHealth(JsonNode o) {
        List<String> test = new ArrayList<>();
        JsonNode t = o.get("Test");
        if (t != null && t.isArray()) t.forEach(e -> test.add(e.asText()));
        return new Health(test, o.path("Interval").asLong(0), o.path("Timeout").asLong(0),
                o.path("StartPeriod").asLong(0), o.path("StartInterval").asLong(0), o.path("Retries").asInt(0));
    }

    // ---- merge (moby daemon/commit.go) ----

    /**
     * moby's merge of the changed config with the container's (here the image's): it only ever fills in what the
     * changes left empty, so for the fields changes can only add to (Env, Labels, ExposedPorts, Volumes, OnBuild)
     * it changes nothing, and a field no change touched is left exactly as it was.
     */
    private static void merge(ObjectNode cfg, ObjectNode original, Touched touched) {
        if (touched.user() && text(cfg, "User").isEmpty() && original.has("User")) {
            cfg.set("User", original.get("User").deepCopy());
        }
        if (touched.command()) {
            List<String> entrypoint = list(cfg, "Entrypoint");
            if (entrypoint == null || entrypoint.isEmpty()) {
                List<String> cmd = list(cfg, "Cmd");
                if (cmd == null || cmd.isEmpty()) {
                    copyField(original, cfg, "Cmd");
                    copyField(original, cfg, "ArgsEscaped");
                }
                if (entrypoint == null) copyField(original, cfg, "Entrypoint");
            }
        }
        JsonNode oldHealth = original.get("Healthcheck");
        if (touched.healthcheck() && oldHealth != null && oldHealth.isObject()) {
            Health now = readHealth(cfg.get("Healthcheck"));
            Health old = readHealth(oldHealth);
            cfg.set("Healthcheck", healthJson(new Health(
                    now.test().isEmpty() ? old.test() : now.test(),
                    now.interval() == 0 ? old.interval() : now.interval(),
                    now.timeout() == 0 ? old.timeout() : now.timeout(),
                    now.startPeriod() == 0 ? old.startPeriod() : now.startPeriod(),
                    now.startInterval() == 0 ? old.startInterval() : now.startInterval(),
                    now.retries() == 0 ? old.retries() : now.retries())));
        }
    }

    private static void copyField(ObjectNode from, ObjectNode to, String key) {
        JsonNode v = from.get(key);
        if (v == null) to.remove(key);
        else to.set(key, v.deepCopy());
    }

    // ---- JSON helpers ----

    /** A string list field; null when absent, null or not an array (Go's nil slice). */
    private static List<String> list(ObjectNode cfg, String key) {
        JsonNode n = cfg.get(key);
        if (n == null || !n.isArray()) return null;
        List<String> out = new ArrayList<>(n.size());
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static List<String> listOrEmpty(ObjectNode cfg, String key) {
        List<String> l = list(cfg, key);
        return l == null ? List.of() : l;
    }

    /** Writes a list; null (Go's nil) becomes JSON null where the field exists, and stays absent otherwise. */
    private static void putList(ObjectNode cfg, String key, List<String> values) {
        if (values == null) {
            if (cfg.has(key)) cfg.putNull(key);
            return;
        }
        ArrayNode a = NODES.arrayNode(values.size());
        values.forEach(a::add);
        cfg.set(key, a);
    }

    private static String text(ObjectNode cfg, String key) {
        JsonNode n = cfg.get(key);
        return n == null || n.isNull() ? "" : n.asText();
    }

    /** A map field to add to: a copy of the existing object, or a new one. */
    private static ObjectNode map(ObjectNode cfg, String key) {
        JsonNode n = cfg.get(key);
        return n != null && n.isObject() ? ((ObjectNode) n).deepCopy() : NODES.objectNode();
    }

    /** Sets a map field with its keys in the order Go's encoding/json writes them. */
    private static void putSorted(ObjectNode cfg, String key, ObjectNode map) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>(GoText.KEY_ORDER);
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), e.getValue());
        }
        ObjectNode out = NODES.objectNode();
        sorted.forEach(out::set);
        cfg.set(key, out);
    }
}
