package dev.runbook.importer;

import dev.runbook.model.ParamType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shell words → runbook template strings: placeholders become {@code ${params.x}}, a literal {@code ${} is written {@code $${}. */
final class Templates {
    private final Params params;
    /** What the last conversions decided that a reviewer should check (drained by the step that used them). */
    final java.util.List<String> notes = new ArrayList<>();

    Templates(Params params) {
        this.params = params;
    }

    static String literal(String s) {
        return s.replace("${", "$${");
    }

    static final Pattern WHOLE_PARAM = Pattern.compile("\\$\\{params\\.([A-Za-z_][A-Za-z0-9_]*)}");

    /** The word as a template, or null when only a shell could compute it. */
    String of(ShellSyntax.Word w, int line) {
        StringBuilder b = new StringBuilder();
        for (ShellSyntax.Part p : w.parts()) {
            if (p instanceof ShellSyntax.Lit l) {
                b.append(l.singleQuoted() ? literal(l.text()) : placeholders(l.text(), line));
            } else if (p instanceof ShellSyntax.Var v) {
                if (Placeholders.ENVIRONMENT.contains(v.name())) return null;
                Draft.Param dp = params.use(Placeholders.name(v.name()), "$" + v.name(), line, "string");
                if (v.defaultValue() != null && dp.defaultValue == null && !dp.declared) {
                    dp.defaultValue = v.defaultValue();
                    dp.required = false;
                }
                if (dp.description == null) dp.description = "$" + v.name() + " on the page";
                if (dp.todos.isEmpty() && dp.defaultValue == null && !dp.declared) {
                    dp.todos.add("$" + v.name() + " (line " + line + "): type string is a guess; give a default or keep it required");
                }
                b.append("${params.").append(dp.name).append('}');
            } else if (p instanceof ShellSyntax.Hole h) {
                b.append("${params.").append(params.placeholder(h.raw(), line).name).append('}');
            } else if (p instanceof ShellSyntax.Expr e) {
                b.append("${").append(e.text()).append('}');
            } else if (p instanceof ShellSyntax.Subst s) {
                String date = date(s.command());
                if (date == null) return null;
                notes.add("$(" + s.command().trim() + ") became the date (and time) at the start of run.id: check the name it builds");
                b.append(date);
            }
        }
        return b.toString();
    }

    private String placeholders(String text, int line) {
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile(Placeholders.BRACES.pattern() + "|" + Placeholders.CAPS.pattern()).matcher(text);
        int at = 0;
        while (m.find()) {
            b.append(literal(text.substring(at, m.start())));
            String raw = m.group();
            b.append("${params.").append(params.placeholder(raw, line).name).append('}');
            at = m.end();
        }
        b.append(literal(text.substring(at)));
        return b.toString();
    }

    /** {@code date +%Y%m%d} → the date part of run.id (20250101-120301-name-3f2a); null for other commands. */
    static String date(String command) {
        String c = command.trim().replaceAll("^date\\s+(-u\\s+)?", "date ");
        String day = "${run.id.split('-')[0]}";
        String time = "${run.id.split('-')[1]}";
        return switch (c.replace("\"", "").replace("'", "")) {
            case "date +%Y%m%d" -> day;
            case "date +%Y%m%d%H%M%S" -> day + time;
            case "date +%Y%m%d_%H%M%S" -> day + "_" + time;
            case "date +%Y%m%d-%H%M%S", "date +%Y%m%dT%H%M%S" -> day + "-" + time;
            case "date +%s" -> null;
            default -> null;
        };
    }

    /** A value from an annotation (JSON): ints as longs, everything else as it is (already runbook templates). */
    static Object plain(Object v) {
        if (v instanceof Integer i) return i.longValue();
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(plain(o));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        return v;
    }

    /** A mapped value for an argument of {@code type}, or null when it cannot be one (the command then stays shell). */
    static Object typed(Object value, ParamType type, Params params) {
        if (value instanceof Boolean b) return type == ParamType.BOOL || type == ParamType.ANY ? b : null;
        String s = String.valueOf(value);
        Matcher whole = WHOLE_PARAM.matcher(s);
        if (whole.matches()) {
            params.typeFromUse(whole.group(1), type == ParamType.URL ? "url" : type.id());
            return s;
        }
        if (s.startsWith("${") && s.endsWith("}") && s.indexOf("${", 2) < 0 && s.indexOf('}') == s.length() - 1) return s;
        boolean template = s.contains("${") && !s.replace("$${", "").isEmpty() && s.replace("$${", "").contains("${");
        switch (type) {
            case INT -> {
                if (s.matches("-?\\d{1,18}")) return Long.parseLong(s);
                return null;
            }
            case NUMBER -> {
                try {
                    return template ? null : Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            case BOOL -> {
                return s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : null;
            }
            case DURATION -> {
                return template || s.matches("(\\d+(ms|s|m|h|d))+") ? s : null;
            }
            case URL -> {
                return template || s.matches("https?://\\S+") ? s : null;
            }
            case LIST -> {
                return new ArrayList<Object>(List.of(s));
            }
            case MAP -> {
                return null;
            }
            default -> {
                return s;
            }
        }
    }
}
