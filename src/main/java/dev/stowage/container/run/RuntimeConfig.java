package dev.stowage.container.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime {@code config.json} of a container, filled as docker fills it (moby's
 * {@code daemon/pkg/oci/defaults.go}, {@code oci_linux.go}, {@code container.go}): the command is Entrypoint +
 * Cmd, Env starts with PATH, HOSTNAME (and TERM with a terminal) and the image's and the caller's values
 * replace them, docker's default mounts, masked and read-only paths, capabilities and device rules. The
 * runtime supplies the standard device nodes. {@code /etc/hosts}, {@code /etc/hostname} and
 * {@code /etc/resolv.conf} are files of the container directory, bind-mounted as docker does.
 * Rootless (not root): a user namespace maps the user to root, as {@code runc spec --rootless} does, and
 * there are no cgroup resources.
 */
public final class RuntimeConfig {
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
            "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
            "CAP_KILL", "CAP_AUDIT_WRITE");
    static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** Where the container's network namespace comes from: a new one, a bind-mounted one, or the host's. */
    public record Network(boolean host, Path namespacePath) {
    }

    /**
     * @param image      the image config's {@code config} object (may be empty)
     * @param id         the container ID (the hostname's default)
     * @param rootfs     the container's rootfs
     * @param etcFiles   the directory holding hosts, hostname and resolv.conf
     * @param rootless   map the user to root in a user namespace, no cgroups
     * @param hostUid    the user's uid and gid on the host (rootless mapping)
     */
    public static ObjectNode build(JsonNode image, RunSpec spec, String id, Path rootfs, Path etcFiles, Network network,
                                   UserLookup.ExecUser user, boolean rootless, long hostUid, long hostGid) {
        ObjectNode c = Json.object();
        c.put("ociVersion", "1.0.2");
        ObjectNode process = c.putObject("process");
        process.put("terminal", spec.tty());
        ObjectNode u = process.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        if (!user.additionalGids().isEmpty()) user.additionalGids().forEach(u.putArray("additionalGids")::add);
        command(image, spec).forEach(process.putArray("args")::add);
        env(image, spec, hostname(spec, id)).forEach(process.putArray("env")::add);
        process.put("cwd", workdir(image, spec));
        ObjectNode caps = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) CAPABILITIES.forEach(caps.putArray(set)::add);
        process.put("noNewPrivileges", false);

        ObjectNode root = c.putObject("root");
        root.put("path", rootfs.toAbsolutePath().toString());
        root.put("readonly", false);
        c.put("hostname", hostname(spec, id));
        mounts(c.putArray("mounts"), spec, etcFiles, network, rootless);

        ObjectNode linux = c.putObject("linux");
        ArrayNode ns = linux.putArray("namespaces");
        for (String type : List.of("pid", "ipc", "uts", "mount")) ns.addObject().put("type", type);
        if (!network.host()) {
            ObjectNode net = ns.addObject().put("type", "network");
            if (network.namespacePath() != null) net.put("path", network.namespacePath().toAbsolutePath().toString());
            ObjectNode sysctl = linux.putObject("sysctl");
            sysctl.put("net.ipv4.ip_unprivileged_port_start", "0");
            if (!rootless) sysctl.put("net.ipv4.ping_group_range", "0 2147483647");
        }
        if (rootless) {
            ns.addObject().put("type", "user");
            linux.putArray("uidMappings").addObject().put("containerID", 0).put("hostID", hostUid).put("size", 1);
            linux.putArray("gidMappings").addObject().put("containerID", 0).put("hostID", hostGid).put("size", 1);
        } else {
            ArrayNode devices = linux.putObject("resources").putArray("devices");
            devices.addObject().put("allow", false).put("access", "rwm");
            int[][] allowed = {{1, 5}, {1, 3}, {1, 9}, {1, 8}, {5, 0}, {5, 1}};
            for (int[] d : allowed) devices.addObject().put("allow", true).put("type", "c").put("major", d[0]).put("minor", d[1]).put("access", "rwm");
            devices.addObject().put("allow", false).put("type", "c").put("major", 10).put("minor", 229).put("access", "rwm");
            linux.put("cgroupsPath", "/stowage/" + id);
        }
        MASKED.forEach(linux.putArray("maskedPaths")::add);
        READ_ONLY.forEach(linux.putArray("readonlyPaths")::add);
        return c;
    }

    /** Entrypoint + Cmd: {@code --entrypoint} replaces the image's and drops its Cmd; a command replaces Cmd. */
    public static List<String> command(JsonNode image, RunSpec spec) {
        List<String> args = new ArrayList<>();
        if (spec.entrypoint() != null) {
            if (!spec.entrypoint().isEmpty()) args.add(spec.entrypoint());
            args.addAll(spec.cmd());
        } else {
            for (JsonNode n : image.path("Entrypoint")) args.add(n.asText());
            if (!spec.cmd().isEmpty()) args.addAll(spec.cmd());
            else for (JsonNode n : image.path("Cmd")) args.add(n.asText());
        }
        if (args.isEmpty()) throw new RunFailure(RunFailure.STOWAGE, "No command specified");
        return args;
    }

    public static String hostname(RunSpec spec, String id) {
        return spec.hostname() != null ? spec.hostname() : id.substring(0, 12);
    }

    static String workdir(JsonNode image, RunSpec spec) {
        String w = spec.workdir() != null ? spec.workdir() : Json.text(image, "WorkingDir");
        return w == null || w.isEmpty() ? "/" : w;
    }

    /** docker's order: the defaults, then the image's Env and the caller's values replacing same-named ones. */
    static List<String> env(JsonNode image, RunSpec spec, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        put(env, DEFAULT_PATH);
        put(env, "HOSTNAME=" + hostname);
        if (spec.tty()) put(env, "TERM=xterm");
        for (JsonNode n : image.path("Env")) put(env, n.asText());
        for (String e : spec.env()) put(env, e);
        return new ArrayList<>(env.values());
    }

    private static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        env.put(eq < 0 ? kv : kv.substring(0, eq), kv);
    }

    private static void mounts(ArrayNode out, RunSpec spec, Path etcFiles, Network network, boolean rootless) {
        List<String> userTargets = new ArrayList<>();
        for (RunSpec.Volume v : spec.volumes()) userTargets.add(v.container());
        boolean userDev = userTargets.contains("/dev");
        boolean realSysfs = !(rootless && network.host());
        List<ObjectNode> defaults = new ArrayList<>();
        defaults.add(mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"));
        defaults.add(mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"));
        if (rootless) defaults.add(mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"));
        else defaults.add(mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        if (realSysfs) defaults.add(mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"));
        else defaults.add(mount("/sys", "bind", "/sys", "rbind", "nosuid", "noexec", "nodev", "ro"));
        if (!rootless) defaults.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", "ro", "nosuid", "noexec", "nodev"));
        defaults.add(mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"));
        defaults.add(mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=67108864"));
        for (ObjectNode m : defaults) {
            String dest = m.get("destination").asText();
            if (userTargets.contains(dest) || (userDev && dest.startsWith("/dev/"))) continue;
            out.add(m);
        }
        for (String f : List.of("resolv.conf", "hostname", "hosts")) {
            if (userTargets.contains("/etc/" + f)) continue;
            out.add(mount("/etc/" + f, "bind", etcFiles.resolve(f).toAbsolutePath().toString(), "rbind", "rprivate"));
        }
        for (RunSpec.Volume v : spec.volumes()) {
            out.add(mount(v.container(), "bind", v.host(), "rbind", v.readOnly() ? "ro" : "rw", "rprivate"));
        }
    }

    private static ObjectNode mount(String destination, String type, String source, String... options) {
        ObjectNode m = Json.object();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        for (String o : options) m.withArray("options").add(o);
        return m;
    }
}
