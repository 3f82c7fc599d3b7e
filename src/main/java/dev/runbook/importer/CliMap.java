package dev.runbook.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI-command → action tables ({@code dev/runbook/action/import/<provider>.tsv}): data, one line per
 * mapping, read by {@code import} (command → action), {@code export} (action → command) and {@code actions}
 * (which command an action replaces).
 */
public final class CliMap {
    public static final List<String> PROVIDERS = List.of("core", "aws", "azure", "postgres");
    static final String FOLDER = "/dev/runbook/action/import/";

    /** How a flag or operand becomes an argument. */
    public enum Kind { VALUE, BOOLEAN, CONSTANT, POSITIONAL, STDOUT }

    /**
     * One argument rule. {@code flags}: aliases, the first is what export writes; {@code param}: the action's argument
     * ("-" ignored; "a.b" nested; a pattern with {x}); {@code value}: the constant for CONSTANT and BOOLEAN=value;
     * {@code container}: "" scalar, "[]" list, "{}" map; {@code unit}: appended to a bare number; {@code exported}: export writes
     * this flag although it carries no argument.
     */
    public record Arg(List<String> flags, Kind kind, String param, String value, String container, String unit, boolean exported, int position, boolean common) {
        boolean matches(String flag) {
            return flags.contains(flag);
        }

        public String flag() {
            return flags.isEmpty() ? null : flags.get(0);
        }

        /** The action's argument this rule fills (the top key of a nested one), or null when ignored. */
        public String target() {
            if (param == null || param.equals("-") || param.contains("{")) return null;
            int dot = param.indexOf('.');
            return dot < 0 ? param : param.substring(0, dot);
        }
    }

    /** One mapping line: {@code words} ("az webapp restart") → {@code action}. */
    public record Row(String provider, int line, List<String> words, String action, List<Arg> args, List<String> requires, String note) {
        public String command() {
            return String.join(" ", words);
        }

        Optional<Arg> flag(String f) {
            for (Arg a : args) if (a.kind() != Kind.POSITIONAL && a.kind() != Kind.STDOUT && a.matches(f)) return Optional.of(a);
            return Optional.empty();
        }

        Optional<Arg> positional(int n) {
            for (Arg a : args) if (a.kind() == Kind.POSITIONAL && a.position() == n) return Optional.of(a);
            return Optional.empty();
        }

        Optional<Arg> stdout() {
            for (Arg a : args) if (a.kind() == Kind.STDOUT) return Optional.of(a);
            return Optional.empty();
        }
    }

    private final List<Row> rows;

    private CliMap(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    private static volatile CliMap standard;

    public static CliMap standard() {
        CliMap m = standard;
        if (m == null) {
            List<Row> all = new ArrayList<>();
            for (String p : PROVIDERS) {
                try (InputStream in = CliMap.class.getResourceAsStream(FOLDER + p + ".tsv")) {
                    if (in == null) continue;
                    all.addAll(parse(p, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            standard = m = new CliMap(all);
        }
        return m;
    }

    public static CliMap of(List<Row> rows) {
        return new CliMap(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The rows for a program's command line, longest command first (their common flags appended). */
    List<Row> candidates(List<String> leading) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.words().size() <= leading.size() && leading.subList(0, r.words().size()).equals(r.words())) out.add(r);
        }
        out.sort((a, b) -> b.words().size() - a.words().size());
        return out;
    }

    /** The first row for an action: what export writes. */
    public Optional<Row> forAction(String action) {
        for (Row r : rows) if (r.action().equals(action)) return Optional.of(r);
        return Optional.empty();
    }

    /** Every command an action replaces, for {@code runbook actions}. */
    public Map<String, List<String>> commandsByAction() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Row r : rows) m.computeIfAbsent(r.action(), k -> new ArrayList<>()).add(r.command());
        return m;
    }

    /** Parses one provider's table; a malformed line is a bug in the shipped data, reported with its line. */
    static List<Row> parse(String provider, String text) {
        List<Row> out = new ArrayList<>();
        List<Arg> common = List.of();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].stripTrailing();
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t", -1);
            if (cols.length < 2) throw new IllegalStateException(provider + ".tsv:" + (n + 1) + ": expected command<TAB>action");
            List<Arg> args = cols.length > 2 ? args(cols[2], provider, n + 1) : List.of();
            if (cols[0].equals("*")) {
                common = args.stream().map(a -> new Arg(a.flags(), a.kind(), a.param(), a.value(), a.container(), a.unit(), a.exported(), a.position(), true)).toList();
                continue;
            }
            List<Arg> all = new ArrayList<>(args);
            for (Arg c : common) if (c.flags().stream().noneMatch(f -> all.stream().anyMatch(a -> a.matches(f)))) all.add(c);
            List<String> requires = cols.length > 3 && !cols[3].isBlank() ? List.of(cols[3].trim().split("\\|")) : List.of();
            String note = cols.length > 4 && !cols[4].isBlank() ? cols[4].trim() : null;
            out.add(new Row(provider, n + 1, List.of(cols[0].trim().split("\\s+")), cols[1].trim(), all, requires, note));
        }
        return out;
    }

    private static List<Arg> args(String col, String provider, int line) {
        List<Arg> out = new ArrayList<>();
        for (String e : col.trim().split("\\s+")) {
            if (e.isEmpty()) continue;
            boolean exported = e.startsWith("^");
            if (exported) e = e.substring(1);
            int eq = e.indexOf('=');
            if (eq < 0) throw new IllegalStateException(provider + ".tsv:" + line + ": '" + e + "' has no '='");
            String left = e.substring(0, eq);
            String right = e.substring(eq + 1);
            if (left.equals(">")) {
                out.add(new Arg(List.of(), Kind.STDOUT, right, null, "", null, false, 0, false));
                continue;
            }
            if (left.startsWith("@")) {
                String[] pu = unit(right);
                out.add(new Arg(List.of(), Kind.POSITIONAL, pu[0], null, container(pu[0]), pu[1], false, Integer.parseInt(left.substring(1)), false));
                continue;
            }
            if (left.endsWith(":")) {
                out.add(new Arg(List.of(left.substring(0, left.length() - 1).split("\\|")), Kind.CONSTANT, null, right, "", null, true, 0, false));
                continue;
            }
            if (left.endsWith("!")) {
                String param = right;
                String value = null;
                int eq2 = right.indexOf('=');
                if (eq2 >= 0) {
                    param = right.substring(0, eq2);
                    value = right.substring(eq2 + 1);
                }
                out.add(new Arg(List.of(left.substring(0, left.length() - 1).split("\\|")), Kind.BOOLEAN, param, value, "", null, exported, 0, false));
                continue;
            }
            String[] pu = unit(right);
            String param = pu[0];
            String cont = container(param);
            if (!cont.isEmpty()) param = param.substring(0, param.length() - 2);
            out.add(new Arg(List.of(left.split("\\|")), Kind.VALUE, param, null, cont, pu[1], exported, 0, false));
        }
        return out;
    }

    private static String[] unit(String s) {
        int t = s.indexOf('~');
        return t < 0 ? new String[] {s, null} : new String[] {s.substring(0, t), s.substring(t + 1)};
    }

    private static String container(String p) {
        return p.endsWith("[]") ? "[]" : p.endsWith("{}") ? "{}" : "";
    }
}
