package dev.runbook.cli;

import java.util.Map;

/** This machine's name for journals and lock records. */
final class Hosts {
    private Hosts() {}

    static String name(Map<String, String> env) {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return env.getOrDefault("HOSTNAME", "unknown");
        }
    }
}
