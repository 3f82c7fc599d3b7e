package dev.runbook.engine;

import dev.runbook.model.Durations;
import dev.runbook.model.Names;
import dev.runbook.model.Node;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Runbook;
import dev.runbook.secret.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves a run's parameter values from {@code -p}, {@code --params FILE}, the secret sources
 * ({@code --secret-env}, {@code --secret-file}) and, at a terminal, prompts; applies defaults, converts types
 * and checks enums. A secret never comes from argv or a params file.
 */
public final class ParamResolver {
    private ParamResolver() {}

    /** A parameter problem; the message names the parameter and says what to do. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * @param prompter asks for a missing value (null when there is no terminal); returns null if the operator gave none
     */
    public static Map<String, Object> resolve(Runbook rb, Map<String, String> argv, Map<String, Object> file,
                                              Map<String, String> secrets, Function<Parameter, String> prompter) throws Invalid {
        return resolve(rb, argv, file, secrets, prompter, null);
    }

    /** Tries at a terminal before an invalid answer is final. */
    static final int TRIES = 3;

    /**
     * As above; {@code invalid} (with a prompter) is told why a value was refused before the parameter is asked for
     * again, so one typo does not end the command. Without a terminal, every problem is reported at once: all missing
     * parameters in one message, with one command-line fragment that gives them all.
     */
    public static Map<String, Object> resolve(Runbook rb, Map<String, String> argv, Map<String, Object> file,
                                              Map<String, String> secrets, Function<Parameter, String> prompter,
                                              java.util.function.Consumer<String> invalid) throws Invalid {
        Map<String, Parameter> declared = rb.parameters();
        List<String> problems = new ArrayList<>();
        for (String k : argv.keySet()) collect(problems, () -> unknown(rb, k, "-p"));
        for (String k : file.keySet()) collect(problems, () -> unknown(rb, k, "--params"));
        for (String k : secrets.keySet()) collect(problems, () -> unknown(rb, k, "--secret-env/--secret-file"));
        Map<String, Object> out = new LinkedHashMap<>();
        List<Parameter> missing = new ArrayList<>();
        for (Parameter p : declared.values()) {
            if (p.secret()) {
                if (argv.containsKey(p.name())) {
                    problems.add("parameter '" + p.name() + "' is secret and cannot be given with -p (argv is visible to every"
                            + " user of this machine); use --secret-env " + p.name() + "=VAR or --secret-file " + p.name() + "=PATH,"
                            + " or leave it out to be asked without echo");
                    continue;
                }
                if (file.containsKey(p.name())) {
                    problems.add("parameter '" + p.name() + "' is secret and cannot come from a --params file;"
                            + " use --secret-env " + p.name() + "=VAR or --secret-file " + p.name() + "=PATH");
                    continue;
                }
            }
            Object raw = p.secret() ? secrets.get(p.name()) : argv.containsKey(p.name()) ? argv.get(p.name()) : file.get(p.name());
            if (raw instanceof Node.Scalar s && s.value() == null) raw = null;
            if (raw == null && p.defaultValue() != null) raw = p.defaultValue();
            String from = raw == null ? null : p.secret() ? "from --secret-env/--secret-file"
                    : argv.containsKey(p.name()) ? "from the command line" : file.containsKey(p.name()) ? "from --params" : "its default";
            boolean refused = false;
            for (int tries = 0; ; tries++) {
                // asked when required and missing, and whenever a value was refused (optional ones too: dropping a
                // refused value would run without it, neither what was typed nor the default)
                if (raw == null && (p.required() || refused) && prompter != null && tries < TRIES) {
                    String asked = prompter.apply(p);
                    if (asked != null && !asked.isEmpty()) raw = asked;
                    else if (refused && !p.required()) raw = p.defaultValue(); // nothing typed: as if not given
                    if (raw == null && refused && !p.required()) break;
                }
                if (raw == null) {
                    if (p.required()) missing.add(p);
                    break;
                }
                if (p.secret()) {
                    // the prompt asked again for a short secret itself; here it is final
                    try {
                        tooShort(p, raw);
                    } catch (Invalid e) {
                        problems.add(e.getMessage());
                        break;
                    }
                }
                try {
                    out.put(p.name(), convert(p, raw));
                    break;
                } catch (Invalid e) {
                    // at a terminal the operator fixes it there; a value given on the command line is asked for too
                    if (prompter == null || invalid == null || tries + 1 >= TRIES) {
                        problems.add(e.getMessage());
                        break;
                    }
                    invalid.accept(e.getMessage() + (from != null && tries == 0 ? " (" + from + ")" : "") + "; try again");
                    raw = null;
                    refused = true;
                }
            }
        }
        if (!missing.isEmpty()) problems.add(missingMessage(missing));
        if (!problems.isEmpty()) throw new Invalid(String.join("\n", problems));
        return out;
    }

    private interface Check {
        void run() throws Invalid;
    }

    private static void collect(List<String> problems, Check c) {
        try {
            c.run();
        } catch (Invalid e) {
            problems.add(e.getMessage());
        }
    }

    /** One message for every missing parameter, with what to type to give them all. */
    private static String missingMessage(List<Parameter> missing) {
        if (missing.size() == 1) {
            Parameter p = missing.get(0);
            return "parameter '" + p.name() + "' is required" + (p.secret()
                    ? "; give it with --secret-env " + p.name() + "=VAR or --secret-file " + p.name() + "=PATH"
                    : "; give it with -p " + p.name() + "=VALUE or in --params FILE");
        }
        StringBuilder sb = new StringBuilder(missing.size() + " parameters are required:");
        List<String> argv = new ArrayList<>();
        for (Parameter p : missing) {
            sb.append("\n  ").append(p.name()).append(p.description() == null ? "" : "  " + p.description());
            argv.add(p.secret() ? "--secret-env " + p.name() + "=VAR" : "-p " + p.name() + "=VALUE");
        }
        sb.append("\ngive them with: ").append(String.join(" ", argv)).append(" (or in --params FILE)");
        return sb.toString();
    }

    /**
     * A secret shorter than {@link Redactor#MIN_LENGTH} is refused: masking it inside text would hide ordinary words
     * (a PIN "1" would mask every digit 1), and not masking it would leak it. Empty means "not given".
     */
    private static void tooShort(Parameter p, Object raw) throws Invalid {
        if (raw instanceof String v && !v.isEmpty() && v.length() < Redactor.MIN_LENGTH) {
            throw new Invalid("secret parameter '" + p.name() + "' is " + v.length() + (v.length() == 1 ? " character" : " characters")
                    + " long; a secret must have at least " + Redactor.MIN_LENGTH + " characters, because a shorter value cannot be"
                    + " masked in output without hiding ordinary text. Give the whole credential (docs/execution.md, Secrets)");
        }
    }

    private static void unknown(Runbook rb, String name, String where) throws Invalid {
        if (rb.parameters().containsKey(name)) return;
        throw new Invalid("unknown parameter '" + name + "' (" + where + ")"
                + Names.closest(name, rb.parameters().keySet()).map(s -> "; did you mean '" + s + "'?").orElse("")
                + (rb.parameters().isEmpty() ? "; this runbook takes no parameters" : "; it takes: " + String.join(", ", rb.parameters().keySet())));
    }

    /**
     * Converts a command-line string or a YAML value to the parameter's type. A scalar from a YAML file comes as
     * its {@link Node.Scalar}: a string parameter takes its exact text ({@code 012345670123}, not 12345670123).
     */
    static Object convert(Parameter p, Object raw) throws Invalid {
        if (raw instanceof Node.Scalar s) raw = p.type() == ParamType.STRING ? s.text() : s.value();
        if (raw instanceof String str && str.indexOf('\0') >= 0) {
            // no argv entry, environment variable or file name can carry a NUL: the step would fail, or cut the value short
            throw new Invalid("parameter '" + p.name() + "' contains a NUL character (at position " + (str.indexOf('\0') + 1)
                    + "); no program argument or environment variable can carry one. Remove it");
        }
        String shown = p.secret() ? "the given value" : "'" + raw + "'";
        Object v = switch (p.type()) {
            case STRING -> String.valueOf(raw);
            case INT -> {
                if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) yield n.longValue();
                try {
                    yield Long.parseLong(String.valueOf(raw).trim());
                } catch (NumberFormatException e) {
                    throw new Invalid("parameter '" + p.name() + "' must be a whole number, got " + shown);
                }
            }
            case NUMBER -> {
                if (raw instanceof Number n) yield n.doubleValue();
                try {
                    yield Double.parseDouble(String.valueOf(raw).trim());
                } catch (NumberFormatException e) {
                    throw new Invalid("parameter '" + p.name() + "' must be a number, got " + shown);
                }
            }
            case BOOL -> {
                if (raw instanceof Boolean b) yield b;
                String s = String.valueOf(raw).trim();
                if (s.equals("true")) yield true;
                if (s.equals("false")) yield false;
                throw new Invalid("parameter '" + p.name() + "' must be true or false, got " + shown);
            }
            case URL -> {
                String s = String.valueOf(raw).trim();
                try {
                    URI u = new URI(s);
                    if (u.getScheme() == null || u.getHost() == null) throw new URISyntaxException(s, "not absolute");
                } catch (URISyntaxException e) {
                    throw new Invalid("parameter '" + p.name() + "' must be an absolute URL like https://host/path, got " + shown);
                }
                yield s;
            }
            case DURATION -> {
                String s = String.valueOf(raw).trim();
                if (Durations.parse(s).isEmpty()) throw new Invalid("parameter '" + p.name() + "' must be a duration like 30s or 5m, got " + shown);
                yield s;
            }
            case LIST -> raw instanceof List<?> l ? new ArrayList<>(l)
                    : new ArrayList<Object>(Arrays.stream(String.valueOf(raw).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
            case MAP -> {
                if (raw instanceof Map<?, ?> m) yield new LinkedHashMap<>(m);
                throw new Invalid("parameter '" + p.name() + "' is a mapping; give it in a --params file");
            }
            case ANY -> raw;
        };
        if (!p.enumValues().isEmpty() && !p.enumValues().contains(String.valueOf(v))) {
            throw new Invalid("parameter '" + p.name() + "' must be one of " + p.enumValues() + ", got " + shown
                    + Names.closest(String.valueOf(v), p.enumValues()).map(s -> "; did you mean '" + s + "'?").orElse(""));
        }
        return Plain.normalize(v);
    }

}
