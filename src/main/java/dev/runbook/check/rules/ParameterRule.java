package dev.runbook.check.rules;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.Rule;
import dev.runbook.check.RuleContext;
import dev.runbook.expr.Expr;
import dev.runbook.model.Durations;
import dev.runbook.model.Names;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** RB030-RB034: a parameter's default matches its type and enum; required parameters have no default; names are usable in expressions. */
public final class ParameterRule implements Rule {
    @Override
    public List<Code> codes() {
        return List.of(Code.PARAM_DEFAULT_TYPE, Code.PARAM_DEFAULT_ENUM, Code.PARAM_REQUIRED_DEFAULT, Code.PARAM_ENUM, Code.PARAM_RESERVED);
    }

    @Override
    public void check(RuleContext ctx, Consumer<Diagnostic> report) {
        for (Parameter p : ctx.runbook().parameters().values()) {
            String what = "parameter '" + p.name() + "'";
            if (Expr.isKeyword(p.name())) {
                report.accept(Diagnostic.of(Code.PARAM_RESERVED, p.pos(), what + " is a keyword in expressions, so 'params." + p.name() + "' does not parse",
                        "rename it, or write params['" + p.name() + "']"));
            }
            if (p.required() && p.defaultValue() != null) {
                report.accept(Diagnostic.of(Code.PARAM_REQUIRED_DEFAULT, p.pos(), what + " is required and has a default, which is never used",
                        "remove 'required: true' (the default applies) or remove the default"));
            }
            if (!p.enumValues().isEmpty()) {
                if (!List.of(ParamType.STRING, ParamType.INT, ParamType.NUMBER).contains(p.type())) {
                    report.accept(Diagnostic.of(Code.PARAM_ENUM, p.pos(), what + " of type " + p.type().id() + " cannot have an enum",
                            "enums are for string, int and number parameters"));
                } else {
                    for (String v : p.enumValues()) {
                        if (typeError(p.type(), v).isPresent()) {
                            report.accept(Diagnostic.of(Code.PARAM_ENUM, p.pos(), "enum value '" + v + "' of " + what + " is not of type " + p.type().id(), null));
                        }
                    }
                }
            }
            if (p.defaultValue() == null) continue;
            Optional<String> err = typeError(p.type(), p.defaultValue());
            if (err.isPresent()) {
                report.accept(Diagnostic.of(Code.PARAM_DEFAULT_TYPE, p.pos(), "default of " + what + " " + err.get(), null));
            } else if (!p.enumValues().isEmpty() && !p.enumValues().contains(String.valueOf(p.defaultValue()))) {
                String d = String.valueOf(p.defaultValue());
                report.accept(Diagnostic.of(Code.PARAM_DEFAULT_ENUM, p.pos(), "default '" + d + "' of " + what + " is not one of " + p.enumValues(),
                        Names.closest(d, p.enumValues()).map(c -> "did you mean '" + c + "'?").orElse("add it to the enum or pick one of them")));
            }
        }
    }

    /** Why {@code value} (plain YAML value or enum text) is not of {@code type}, if it is not. */
    static Optional<String> typeError(ParamType type, Object value) {
        boolean text = value instanceof String;
        String s = String.valueOf(value);
        return switch (type) {
            case STRING -> text ? Optional.empty() : Optional.of("must be a string, found " + s + " (quote it)");
            case INT -> value instanceof Long || (text && s.matches("-?\\d+")) ? Optional.empty() : Optional.of("must be a whole number, found '" + s + "'");
            case NUMBER -> value instanceof Number || (text && s.matches("-?\\d+(\\.\\d+)?")) ? Optional.empty() : Optional.of("must be a number, found '" + s + "'");
            case BOOL -> value instanceof Boolean ? Optional.empty() : Optional.of("must be true or false, found '" + s + "'");
            case URL -> text && isUrl(s) ? Optional.empty() : Optional.of("must be an absolute URL like https://host/path, found '" + s + "'");
            case DURATION -> text && Durations.parse(s).isPresent() ? Optional.empty() : Optional.of("must be a duration like 30s or 5m, found '" + s + "'");
            case LIST -> value instanceof List ? Optional.empty() : Optional.of("must be a list, found '" + s + "'");
            case MAP -> value instanceof Map ? Optional.empty() : Optional.of("must be a mapping, found '" + s + "'");
            case ANY -> Optional.empty();
        };
    }

    static boolean isUrl(String s) {
        if (plainUrl(s)) return true;
        try {
            URI u = new URI(s);
            return u.getScheme() != null && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * A conservative shortcut for the common {@code https://host.name[:port][/path]}: true only for text that
     * {@link URI} also reads as absolute with a host (a scheme, "://", dotted labels of letters, digits and inner
     * '-' ending in a label that starts with a letter, up to five port digits, a path of unreserved characters
     * and '/'); false sends everything else through {@link URI}.
     */
    static boolean plainUrl(String s) {
        int n = s.length();
        int i = 0;
        if (n == 0 || !letter(s.charAt(0))) return false;
        while (i < n && (letter(s.charAt(i)) || digit(s.charAt(i)) || s.charAt(i) == '+' || s.charAt(i) == '.' || s.charAt(i) == '-')) i++;
        if (!s.startsWith("://", i)) return false;
        i += 3;
        boolean lastStartsWithLetter;
        while (true) {
            int start = i;
            while (i < n && (letter(s.charAt(i)) || digit(s.charAt(i)) || s.charAt(i) == '-')) i++;
            if (i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') return false;
            lastStartsWithLetter = letter(s.charAt(start));
            if (i < n && s.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (!lastStartsWithLetter) return false;
        if (i < n && s.charAt(i) == ':') {
            int start = ++i;
            while (i < n && digit(s.charAt(i))) i++;
            if (i == start || i - start > 5) return false;
        }
        if (i == n) return true;
        if (s.charAt(i) != '/') return false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!letter(c) && !digit(c) && c != '/' && c != '-' && c != '.' && c != '_' && c != '~') return false;
        }
        return true;
    }

    private static boolean letter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
