package dev.stowage.container.run;

import java.util.ArrayList;
import java.util.List;

/** The {@code stowage run …} command line that asks for what a {@link RunSpec} holds, as a user would type it. */
public final class RunCommandLine {
    private RunCommandLine() {
    }

    /** {@code name} null or empty: none asked for. */
    public static List<String> words(String image, String name, RunSpec spec, boolean detached) {
        List<String> w = new ArrayList<>(List.of("stowage", "run"));
        if (detached) w.add("-d");
        if (spec.interactive() && spec.tty()) w.add("-it");
        else if (spec.interactive()) w.add("-i");
        else if (spec.tty()) w.add("-t");
        if (spec.autoRemove()) w.add("--rm");
        if (name != null && !name.isEmpty()) w.addAll(List.of("--name", name));
        for (String e : spec.env()) w.addAll(List.of("-e", e));
        for (RunSpec.PortForward p : spec.ports()) w.addAll(List.of("-p", port(p)));
        for (RunSpec.Volume v : spec.volumes()) w.addAll(List.of("-v", v.host() + ":" + v.container() + (v.readOnly() ? ":ro" : "")));
        if (spec.workdir() != null) w.addAll(List.of("-w", spec.workdir()));
        if (spec.user() != null) w.addAll(List.of("-u", spec.user()));
        if (spec.hostname() != null) w.addAll(List.of("-h", spec.hostname()));
        if (!spec.network().equals(RunSpec.PRIVATE)) w.addAll(List.of("--network", spec.network()));
        if (spec.entrypoint() != null) w.addAll(List.of("--entrypoint", spec.entrypoint()));
        w.add(image);
        w.addAll(spec.cmd());
        return w;
    }

    /** The words quoted for a POSIX shell and joined. */
    public static String of(String image, String name, RunSpec spec, boolean detached) {
        return ShellWords.join(words(image, name, spec, detached));
    }

    private static String port(RunSpec.PortForward p) {
        String text = (p.hostIp().equals("0.0.0.0") ? "" : p.hostIp() + ":") + p.hostPort() + ":" + p.containerPort();
        return p.proto().equals("tcp") ? text : text + "/" + p.proto();
    }
}
