package dev.runbook.action.postgres.impl;

import dev.runbook.parse.InputFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a libpq password file (PGPASSFILE or ~/.pgpass): lines of host:port:database:user:password, '*' matches anything.
 * Public for the postgres:// state store ({@code dev.runbook.state.postgres}), which ships in the same provider folder.
 */
public final class PgPass {
    public record Match(Path file, String password) {}

    private PgPass() {}

    public static Optional<Match> lookup(Map<String, String> env, String host, int port, String database, String user) {
        Path file;
        if (env.get("PGPASSFILE") != null && !env.get("PGPASSFILE").isBlank()) {
            file = Path.of(env.get("PGPASSFILE"));
        } else if (env.get("HOME") != null && !env.get("HOME").isBlank()) {
            file = Path.of(env.get("HOME"), ".pgpass");
        } else {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) return Optional.empty();
        List<String> lines;
        try {
            lines = new String(InputFiles.read(file, InputFiles.MIB, "a password file"), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return Optional.empty();
        }
        String[] wanted = {host, String.valueOf(port), database, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) continue;
            List<String> fields = split(line);
            if (fields.size() < 5) continue;
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                String f = fields.get(i);
                matches = f.equals("*") || f.equals(wanted[i]);
            }
            if (matches) return Optional.of(new Match(file, fields.get(4)));
        }
        return Optional.empty();
    }

    /** Splits on unescaped ':'; '\:' and '\\' stand for ':' and '\'. The password is everything after the fourth ':'. */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
            } else if (c == ':' && out.size() < 4) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
