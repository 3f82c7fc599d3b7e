package dev.runbook.cli;

import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code runbook show NAME --params-template FILE}: a {@code --params} file for {@code exec} with every parameter of
 * the runbook, each under its description and type. Defaults are filled in; a required parameter without one gets
 * {@link ParamsFile#PLACEHOLDER}, which {@code exec --params} refuses until it is replaced (naming the parameter and
 * its line); an optional one without a default is left empty (not given). A secret is never written as a value (a
 * params file may not hold one): it is a comment that says to use {@code --secret-env} or {@code --secret-file}.
 * What it writes reads back through {@link ParamsFile} to the same values (ParamsTemplateTest).
 */
final class ParamsTemplate {
    private ParamsTemplate() {}

    /** A plain YAML scalar that reads back as this same string (YAML 1.2 core and the 1.1 booleans avoided). */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@+-]*");
    private static final List<String> WORDS = List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf");

    static String render(Runbook rb, String nameAsTyped, String fileAsTyped) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Parameters for runbook ").append(rb.id()).append(rb.title() == null ? "" : ": " + oneLine(rb.title())).append('\n');
        List<String> open = required(rb);
        // printed ('-'): the file it will be saved as is not known
        String use = "runbook exec " + ExecCommand.quote(nameAsTyped) + " --params " + (fileAsTyped.equals("-") ? "FILE" : ExecCommand.quote(fileAsTyped));
        if (open.isEmpty()) {
            sb.append("# Every value has its default; change what you need, then: ").append(use).append('\n');
        } else {
            sb.append("# Replace each ").append(ParamsFile.PLACEHOLDER).append(" with a value (exec refuses the file until then), then:\n#   ")
                    .append(use).append('\n');
        }
        sb.append("# Values are YAML: quote a string that could read as something else ('no', '0755', '1e3').\n");
        for (Parameter p : rb.parameters().values()) {
            sb.append('\n');
            if (p.description() != null && !p.description().isBlank()) {
                for (String l : p.description().strip().split("\\R")) sb.append("# ").append(oneLine(l).strip()).append('\n');
            }
            List<String> about = new ArrayList<>();
            about.add(p.type().id());
            if (p.secret()) about.add("secret");
            about.add(p.secret() && p.defaultValue() != null ? "has a default (never written here)"
                    : p.defaultValue() != null ? "optional, its default filled in" : p.required() ? "required" : "optional, leave empty for none");
            if (!p.enumValues().isEmpty()) about.add("one of: " + String.join(", ", p.enumValues()));
            sb.append("# ").append(String.join(", ", about)).append('\n');
            if (p.secret()) {
                sb.append("# a secret is never written here (exec refuses it from a file): give it with\n#   --secret-env ")
                        .append(p.name()).append("=VAR or --secret-file ").append(p.name()).append("=PATH, or type it when asked\n")
                        .append("# ").append(p.name()).append(":\n");
            } else if (p.defaultValue() != null) {
                sb.append(p.name()).append(": ").append(yaml(p.defaultValue(), p.type())).append('\n');
            } else if (p.required()) {
                sb.append(p.name()).append(": ").append(ParamsFile.PLACEHOLDER).append('\n');
            } else {
                sb.append(p.name()).append(":\n");
            }
        }
        return sb.toString();
    }

    /** The required parameters the file leaves to fill in (no default, not secret). */
    static List<String> required(Runbook rb) {
        List<String> out = new ArrayList<>();
        for (Parameter p : rb.parameters().values()) if (p.required() && p.defaultValue() == null && !p.secret()) out.add(p.name());
        return out;
    }

    /** A default as YAML that reads back to the same value: numbers and booleans plain, strings quoted when they must be. */
    static String yaml(Object v, ParamType type) {
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) return String.valueOf(v);
        if (v instanceof Double d) {
            if (d.isNaN()) return ".nan";
            if (d.isInfinite()) return d > 0 ? ".inf" : "-.inf";
            return String.valueOf(d);
        }
        if (v instanceof Collection<?> c) {
            List<String> items = new ArrayList<>();
            for (Object x : c) items.add(yaml(x, ParamType.ANY));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> items = new ArrayList<>();
            for (var e : m.entrySet()) items.add(string(String.valueOf(e.getKey())) + ": " + yaml(e.getValue(), ParamType.ANY));
            return "{" + String.join(", ", items) + "}";
        }
        return string(String.valueOf(v));
    }

    private static String string(String s) {
        if (PLAIN.matcher(s).matches() && !WORDS.contains(s.toLowerCase(Locale.ROOT)) && !s.equals(ParamsFile.PLACEHOLDER)) return s;
        boolean control = s.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029);
        if (!control) return "'" + s.replace("'", "''") + "'";
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text for a comment line: no line breaks or control characters. */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
        return sb.toString();
    }
}
