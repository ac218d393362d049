package dev.stowage.container;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The exposed ports of an EXPOSE word, after go-connections' {@code nat.ParsePortSpec}: {@code [ip:[hostPort]:]port
 * [-endPort][/proto]}, proto tcp (default), udp or sctp in any case; a range is expanded into one port each. Only
 * the container side is exposed; a host side is checked and dropped.
 */
final class PortSpec {
    private PortSpec() {
    }

    static List<String> exposedPorts(String rawPort) {
        String[] parts = rawPort.split(":", -1);
        String ip;
        String hostPort;
        String containerPort;
        switch (parts.length) {
            case 1 -> {
                ip = "";
                hostPort = "";
                containerPort = parts[0];
            }
            case 2 -> {
                ip = "";
                hostPort = parts[0];
                containerPort = parts[1];
            }
            case 3 -> {
                ip = parts[0];
                hostPort = parts[1];
                containerPort = parts[2];
            }
            default -> {
                int n = parts.length;
                ip = String.join(":", Arrays.asList(parts).subList(0, n - 2));
                hostPort = parts[n - 2];
                containerPort = parts[n - 1];
            }
        }
        // SplitProtoPort: "port[/proto]", proto defaulting to tcp
        int slash = containerPort.indexOf('/');
        String proto = slash < 0 ? "" : containerPort.substring(slash + 1);
        containerPort = slash < 0 ? containerPort : containerPort.substring(0, slash);
        if (containerPort.isEmpty()) throw new IllegalArgumentException("no port specified: " + rawPort + "<empty>");
        if (proto.isEmpty()) proto = "tcp";
        proto = proto.toLowerCase(Locale.ROOT);
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw new IllegalArgumentException("invalid proto: " + proto);
        }
        if (!ip.isEmpty() && ip.charAt(0) == '[') {
            if (!ip.endsWith("]") || ip.indexOf(']') != ip.length() - 1) {
                throw new IllegalArgumentException("invalid IP address " + ip);
            }
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.isEmpty() && !isIp(ip)) throw new IllegalArgumentException("invalid IP address: " + ip);
        int[] range = portRange(containerPort);
        if (range == null) throw new IllegalArgumentException("invalid containerPort: " + containerPort);
        if (!hostPort.isEmpty()) {
            int[] host = portRange(hostPort);
            if (host == null) throw new IllegalArgumentException("invalid hostPort: " + hostPort);
            if (range[1] - range[0] != host[1] - host[0] && range[1] != range[0]) {
                throw new IllegalArgumentException("invalid ranges specified for container and host Ports: "
                        + containerPort + " and " + hostPort);
            }
        }
        List<String> ports = new ArrayList<>();
        for (int p = range[0]; p <= range[1]; p++) ports.add(p + "/" + proto);
        return ports;
    }

    /** "80" or "8000-8010" as {start, end}; null when not a port (0-65535) or range. */
    private static int[] portRange(String s) {
        if (s.isEmpty()) return null;
        int dash = s.indexOf('-', 1);
        String start = dash < 0 ? s : s.substring(0, dash);
        String end = dash < 0 ? s : s.substring(dash + 1);
        Integer a = port(start);
        Integer b = port(end);
        if (a == null || b == null || b < a) return null;
        return new int[]{a, b};
    }

    private static Integer port(String s) {
        if (!s.matches("[+-]?[0-9]{1,10}")) return null;
        long v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        return v < 0 || v > 65535 ? null : (int) v;
    }

    /** net.ParseIP: dotted-quad IPv4 or IPv6 (optionally ending in IPv4). */
    private static boolean isIp(String ip) {
        return ip.contains(":") ? isIpv6(ip) : isIpv4(ip);
    }

    private static boolean isIpv4(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (!p.matches("[0-9]{1,3}") || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String ip) {
        int dbl = ip.indexOf("::");
        if (dbl >= 0 && ip.indexOf("::", dbl + 1) >= 0) return false;
        String[] groups = ip.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) continue; // part of the ::, or a leading/trailing one checked below
            if (i == groups.length - 1 && g.contains(".")) {
                if (!isIpv4(g)) return false;
                count += 2;
            } else if (g.matches("[0-9a-fA-F]{1,4}")) {
                count++;
            } else {
                return false;
            }
        }
        if (ip.startsWith(":") && !ip.startsWith("::")) return false;
        if (ip.endsWith(":") && !ip.endsWith("::")) return false;
        return dbl >= 0 ? count < 8 : count == 8;
    }
}
