package dev.runbook.importer;

import dev.runbook.model.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Guesses what a command does, conservatively: read only when every sign says so, destructive at the first
 * destructive word, write otherwise. The result is a guess the draft marks with a TODO; it is never used to
 * lower a mapped action's own effect.
 */
final class Effects {
    private Effects() {}

    /** A guess and the word it rests on. */
    record Guess(Effect effect, String because) {}

    static final Set<String> DESTRUCTIVE = Set.of("delete", "deletion", "terminate", "drop", "purge", "force", "failover",
            "overwrite", "destroy", "truncate", "kill", "killall", "pkill", "rm", "rmdir", "remove", "wipe", "reboot", "flushall",
            "flushdb", "prune", "shred", "mkfs", "dd", "uninstall", "deregister", "revoke");
    static final Set<String> READ_VERBS = Set.of("get", "show", "describe", "list", "ls", "logs", "log", "status", "top", "history",
            "view", "query", "search", "inspect", "version", "whoami", "diff", "explain", "events", "lookup", "info", "stats",
            "ps", "images", "tail", "check", "wait", "plan", "validate", "cat", "read", "print", "export-template", "can-i");
    static final Set<String> WRITE_VERBS = Set.of("set", "update", "create", "apply", "patch", "scale", "restart", "start", "stop",
            "run", "exec", "put", "upload", "push", "deploy", "install", "upgrade", "rollout-undo", "undo", "restore", "rotate",
            "swap", "enable", "disable", "register", "edit", "replace", "label", "annotate", "cordon", "drain", "tag", "commit",
            "merge", "reset", "send", "invoke", "add", "attach", "detach", "modify", "change", "import", "write", "post");
    /** Programs that only look. */
    static final Set<String> READ_PROGRAMS = Set.of("cat", "ls", "grep", "egrep", "jq", "yq", "head", "tail", "less", "more", "echo",
            "printf", "date", "whoami", "id", "uptime", "df", "du", "free", "ps", "top", "htop", "dig", "nslookup", "host", "ping",
            "traceroute", "mtr", "pg_isready", "env", "printenv", "which", "stat", "wc", "sort", "uniq", "nproc", "uname",
            "hostname", "netstat", "ss", "lsof", "vmstat", "iostat", "openssl", "true", "test", "nc", "telnet", "sleep",
            "watch", "journalctl", "dmesg", "find", "diff", "md5sum", "sha256sum", "base64", "column", "cut", "tr", "awk", "xargs");
    /** Programs whose sub-command words say what they do. */
    static final Set<String> STRUCTURED = Set.of("az", "aws", "gcloud", "kubectl", "oc", "helm", "docker", "podman", "git",
            "systemctl", "service", "redis-cli", "terraform", "eksctl", "func", "gh", "npm", "yarn", "pnpm", "brew", "apt", "apt-get", "dnf", "yum");
    private static final Set<String> PREFIXES = Set.of("sudo", "time", "nohup", "nice", "env", "command", "exec", "timeout");
    private static final Pattern TOKEN = Pattern.compile("[^a-z0-9]+");

    static Guess argv(List<String> argv) {
        List<String> a = new ArrayList<>(argv);
        while (!a.isEmpty() && (PREFIXES.contains(a.get(0)) || a.get(0).matches("[A-Za-z_][A-Za-z0-9_]*=.*")
                || (a.size() > 1 && a.get(0).startsWith("-") && !a.get(0).equals("-")))) {
            a.remove(0);
        }
        if (a.isEmpty()) return new Guess(Effect.WRITE, "no command");
        String prog = a.get(0).substring(a.get(0).lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        // destructive: the program itself, a sub-command word or a flag name (not free text such as a query)
        for (String w : a) {
            String lw = w.toLowerCase(Locale.ROOT);
            if (lw.contains(" ") || lw.contains("\n")) continue;
            String name = lw.startsWith("-") ? lw.split("=", 2)[0] : lw;
            for (String t : TOKEN.split(name)) {
                if (DESTRUCTIVE.contains(t)) return new Guess(Effect.DESTRUCTIVE, t);
            }
        }
        if (prog.equals("curl")) return curl(a);
        if (prog.equals("wget")) {
            return a.contains("--spider") ? new Guess(Effect.READ, "wget --spider") : new Guess(Effect.WRITE, "wget writes a file");
        }
        if (prog.equals("sed") && a.stream().anyMatch(x -> x.startsWith("-i"))) return new Guess(Effect.WRITE, "sed -i");
        if (READ_PROGRAMS.contains(prog) || prog.equals("sed")) return new Guess(Effect.READ, prog);
        if (prog.equals("psql") || prog.equals("mysql") || prog.equals("sqlcmd")) {
            for (int i = 1; i < a.size() - 1; i++) {
                if (a.get(i).equals("-c") || a.get(i).equals("--command") || a.get(i).equals("-e") || a.get(i).equals("-Q")) return sql(a.get(i + 1));
            }
            return new Guess(Effect.WRITE, prog + " session");
        }
        if (prog.equals("pg_dump")) return new Guess(Effect.WRITE, "pg_dump writes a file");
        if (STRUCTURED.contains(prog)) {
            String read = null;
            for (int i = 1; i < a.size(); i++) {
                String w = a.get(i).toLowerCase(Locale.ROOT);
                if (i > 6) break;
                if (w.startsWith("-") || w.contains("/") || w.contains("=") || w.contains("$")) continue;
                for (String t : TOKEN.split(w)) {
                    if (WRITE_VERBS.contains(t)) return new Guess(Effect.WRITE, t);
                    if (read == null && READ_VERBS.contains(t)) read = t;
                }
            }
            if (read != null) return new Guess(Effect.READ, read);
        }
        return new Guess(Effect.WRITE, "unknown command " + prog);
    }

    private static Guess curl(List<String> a) {
        for (int i = 1; i < a.size(); i++) {
            String w = a.get(i);
            if ((w.equals("-X") || w.equals("--request")) && i + 1 < a.size()) {
                String m = a.get(i + 1).toUpperCase(Locale.ROOT);
                if (m.equals("DELETE")) return new Guess(Effect.DESTRUCTIVE, "DELETE");
                if (!m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS")) return new Guess(Effect.WRITE, m);
            }
            if (w.startsWith("-X") && w.length() > 2 && !w.substring(2).equalsIgnoreCase("GET")) return new Guess(Effect.WRITE, w.substring(2));
            if (w.startsWith("-d") || w.startsWith("--data") || w.equals("-F") || w.equals("--form") || w.equals("-T")
                    || w.equals("--upload-file") || w.equals("--json")) {
                return new Guess(Effect.WRITE, "curl sends data");
            }
            if (w.equals("-o") || w.equals("-O") || w.equals("--output") || w.equals("--remote-name")) return new Guess(Effect.WRITE, "curl writes a file");
        }
        return new Guess(Effect.READ, "curl GET");
    }

    private static final Pattern SQL_READ = Pattern.compile("(?is)\\s*(select|show|explain|with|values|table|\\\\d|\\\\l|\\\\conninfo|\\\\x)\\b.*");
    private static final Pattern SQL_DESTRUCTIVE = Pattern.compile("(?is).*\\b(delete|drop|truncate|pg_terminate_backend)\\b.*");
    private static final Pattern SQL_WRITE = Pattern.compile("(?is).*\\b(insert|update|alter|create|grant|revoke|vacuum|reindex|cluster|analyze|copy|call|do|set|lock|refresh|pg_cancel_backend|nextval|setval)\\b.*");

    /** A SQL statement or psql meta-command. */
    static Guess sql(String sql) {
        if (SQL_DESTRUCTIVE.matcher(sql).matches()) return new Guess(Effect.DESTRUCTIVE, "SQL " + firstWord(sql));
        if (sql.strip().startsWith("\\")) return new Guess(Effect.READ, "psql " + firstWord(sql));
        String s = sql.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("explain") && s.matches("(?s)explain\\s*(\\(.*analy[sz]e.*\\)|analy[sz]e).*")) return new Guess(Effect.WRITE, "EXPLAIN ANALYZE runs the statement");
        if (SQL_READ.matcher(sql).matches() && !SQL_WRITE.matcher(sql.replaceAll("(?i)'[^']*'", "''")).matches()) return new Guess(Effect.READ, "SQL " + firstWord(sql));
        return new Guess(Effect.WRITE, "SQL " + firstWord(sql));
    }

    private static String firstWord(String s) {
        String t = s.strip();
        int sp = 0;
        while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) sp++;
        return t.substring(0, sp).toUpperCase(Locale.ROOT);
    }

    /** For a line that needs sh -c: the highest guess over its commands, and at least write when it writes a file. */
    static Guess script(String text) {
        Guess best = null;
        for (String seg : text.split("\\|\\||&&|[|;\\n]")) {
            String s = seg.strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            List<String> words = List.of(s.replaceAll("[\"'()`$]", " ").trim().split("\\s+"));
            Guess g = argv(words);
            if (best == null || g.effect().compareTo(best.effect()) > 0) best = g;
        }
        if (best == null) best = new Guess(Effect.WRITE, "script");
        if (best.effect() == Effect.READ && Pattern.compile("(?<![0-9&])>{1,2}\\s*(?!/dev/null|&)").matcher(text.replaceAll("2>&1", "")).find()) {
            return new Guess(Effect.WRITE, "writes a file");
        }
        if (best.effect() == Effect.READ && text.contains("<<")) return new Guess(Effect.WRITE, "heredoc input");
        return best;
    }

    static Effect max(Effect a, Effect b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
