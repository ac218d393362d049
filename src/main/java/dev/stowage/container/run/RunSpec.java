package dev.stowage.container.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stowage.image.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code run} was asked for, kept with the container ({@code run.json}) so that {@code start} and
 * {@code restart} run it the same way again.
 *
 * @param entrypoint  {@code --entrypoint}: null keeps the image's, empty clears it
 * @param cmd         the command after IMAGE; empty keeps the image's Cmd
 * @param env         {@code -e} and {@code --env-file} values, K=V (a bare K takes the caller's value, resolved before)
 * @param user        {@code -u}, null for the image's User
 * @param workdir     {@code -w}, null for the image's WorkingDir
 * @param hostname    {@code --hostname}, null for the first 12 characters of the ID
 * @param volumes     {@code -v HOST:CTR[:ro]}
 * @param ports       {@code -p}, parsed
 * @param network     private (slirp4netns), host or none
 */
public record RunSpec(String entrypoint, List<String> cmd, List<String> env, String user, String workdir, String hostname,
                      List<Volume> volumes, List<PortForward> ports, String network, boolean tty, boolean interactive,
                      boolean autoRemove) {
    public static final String PRIVATE = "private";

    public RunSpec {
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        volumes = List.copyOf(volumes);
        ports = List.copyOf(ports);
        network = network == null || network.equals("bridge") || network.equals("slirp4netns") || network.equals("default") ? PRIVATE : network;
        if (!network.equals(PRIVATE) && !network.equals("host") && !network.equals("none")) {
            throw new RunFailure(RunFailure.STOWAGE, "network " + network + " not found (use private, host or none)");
        }
        if (!ports.isEmpty() && !network.equals(PRIVATE)) {
            throw new RunFailure(RunFailure.STOWAGE, "conflicting options: port publishing and the container type network mode");
        }
    }

    /** A bind mount of a host path. */
    public record Volume(String host, String container, boolean readOnly) {
        public static Volume parse(String text) {
            String[] parts = text.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new RunFailure(RunFailure.STOWAGE, "invalid volume specification: '" + text + "' (expected HOST:CONTAINER[:ro|rw])");
            }
            if (!parts[0].startsWith("/")) {
                throw new RunFailure(RunFailure.STOWAGE, "invalid volume specification: '" + text + "': the host path must be absolute (named volumes are not supported)");
            }
            if (!parts[1].startsWith("/")) {
                throw new RunFailure(RunFailure.STOWAGE, "invalid volume specification: '" + text + "': invalid mount config: the container path must be absolute");
            }
            boolean ro = false;
            if (parts.length == 3) {
                for (String o : parts[2].split(",")) {
                    if (o.equals("ro")) ro = true;
                    else if (!o.equals("rw") && !o.isEmpty()) throw new RunFailure(RunFailure.STOWAGE, "invalid mode: " + o);
                }
            }
            return new Volume(parts[0], parts[1], ro);
        }
    }

    /** {@code -p [IP:]HOST:CONTAINER[/tcp|udp]}. */
    public record PortForward(String hostIp, int hostPort, int containerPort, String proto) {
        public static PortForward parse(String text) {
            String spec = text;
            String proto = "tcp";
            int slash = spec.lastIndexOf('/');
            if (slash >= 0) {
                proto = spec.substring(slash + 1);
                spec = spec.substring(0, slash);
                if (!proto.equals("tcp") && !proto.equals("udp")) throw new RunFailure(RunFailure.STOWAGE, "invalid proto: " + proto);
            }
            String[] parts = spec.split(":", -1);
            try {
                return switch (parts.length) {
                    case 2 -> new PortForward("0.0.0.0", port(parts[0], text), port(parts[1], text), proto);
                    case 3 -> new PortForward(parts[0].isEmpty() ? "0.0.0.0" : parts[0], port(parts[1], text), port(parts[2], text), proto);
                    default -> throw new RunFailure(RunFailure.STOWAGE, "invalid port specification: \"" + text + "\" (expected HOST:CONTAINER)");
                };
            } catch (NumberFormatException e) {
                throw new RunFailure(RunFailure.STOWAGE, "invalid port specification: \"" + text + "\"");
            }
        }

        private static int port(String s, String text) {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) throw new RunFailure(RunFailure.STOWAGE, "invalid port specification: \"" + text + "\"");
            return p;
        }

        @Override
        public String toString() {
            return hostIp + ":" + hostPort + "->" + containerPort + "/" + proto;
        }
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        if (entrypoint != null) o.put("Entrypoint", entrypoint);
        cmd.forEach(o.putArray("Cmd")::add);
        env.forEach(o.putArray("Env")::add);
        if (user != null) o.put("User", user);
        if (workdir != null) o.put("WorkingDir", workdir);
        if (hostname != null) o.put("Hostname", hostname);
        ArrayNode v = o.putArray("Volumes");
        for (Volume vol : volumes) v.addObject().put("Host", vol.host()).put("Container", vol.container()).put("ReadOnly", vol.readOnly());
        ArrayNode p = o.putArray("Ports");
        for (PortForward f : ports) p.addObject().put("HostIp", f.hostIp()).put("HostPort", f.hostPort())
                .put("ContainerPort", f.containerPort()).put("Proto", f.proto());
        o.put("Network", network);
        o.put("Tty", tty);
        o.put("Interactive", interactive);
        o.put("AutoRemove", autoRemove);
        return o;
    }

    public static RunSpec fromJson(JsonNode o) {
        List<Volume> volumes = new ArrayList<>();
        for (JsonNode v : o.path("Volumes")) volumes.add(new Volume(v.path("Host").asText(), v.path("Container").asText(), v.path("ReadOnly").asBoolean()));
        List<PortForward> ports = new ArrayList<>();
        for (JsonNode p : o.path("Ports")) ports.add(new PortForward(p.path("HostIp").asText(), p.path("HostPort").asInt(),
                p.path("ContainerPort").asInt(), p.path("Proto").asText("tcp")));
        return new RunSpec(o.has("Entrypoint") ? o.get("Entrypoint").asText() : null, strings(o.path("Cmd")), strings(o.path("Env")),
                Json.text(o, "User"), Json.text(o, "WorkingDir"), Json.text(o, "Hostname"), volumes, ports,
                o.path("Network").asText(PRIVATE), o.path("Tty").asBoolean(), o.path("Interactive").asBoolean(), o.path("AutoRemove").asBoolean());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }
}
