package dev.runbook.parse;

import dev.runbook.check.Code;
import dev.runbook.check.Diagnostic;
import dev.runbook.check.LeadingZero;
import dev.runbook.model.Effect;
import dev.runbook.model.Escalation;
import dev.runbook.model.Node;
import dev.runbook.model.OnFailure;
import dev.runbook.model.ParamType;
import dev.runbook.model.Parameter;
import dev.runbook.model.Phase;
import dev.runbook.model.Retry;
import dev.runbook.model.Runbook;
import dev.runbook.model.Severity;
import dev.runbook.model.SourcePosition;
import dev.runbook.model.Step;
import dev.runbook.model.UndoStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a positioned {@link Node} tree to the model records. Never throws on bad input: every
 * problem becomes a {@link Diagnostic} and the offending field is left out (null), so the
 * rules can still check the rest of the runbook in the same run.
 */
final class RunbookBinder extends Binder {
    static final List<String> RUNBOOK_FIELDS = List.of("runbook", "title", "severity", "summary", "symptoms",
            "prerequisites", "escalation", "references", "parameters", "env", "diagnose", "resolve", "verify", "rollback");
    static final List<String> STEP_FIELDS = List.of("id", "title", "uses", "with", "if", "needs", "timeout", "retry",
            "onFailure", "confirm", "effect", "undo", "outputs");
    static final List<String> PARAM_FIELDS = List.of("type", "required", "default", "description", "enum", "secret");
    static final List<String> RETRY_FIELDS = List.of("attempts", "delay", "backoff");
    /** A step's fields less id, needs, undo, onFailure and outputs (FORMAT.md: "a compensating step, same shape, no id"). */
    static final List<String> UNDO_FIELDS = List.of("title", "uses", "with", "if", "timeout", "retry", "confirm", "effect");
    static final List<String> ESCALATION_FIELDS = List.of("after", "to", "notify");

    /** A parameter or output name: [A-Za-z][A-Za-z0-9_]*. */
    static boolean isParamName(String s) {
        return !s.isEmpty() && s.charAt(0) != '_' && isEnvName(s) && !digit(s.charAt(0));
    }

    /** An environment variable name: [A-Za-z_][A-Za-z0-9_]*. */
    static boolean isEnvName(String s) {
        if (s.isEmpty() || digit(s.charAt(0))) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!lower(c) && !digit(c) && c != '_' && !(c >= 'A' && c <= 'Z')) return false;
        }
        return true;
    }

    /** Retry defaults when {@code retry:} leaves a field out. */
    static final int DEFAULT_ATTEMPTS = 3;
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

    private final String file;

    private RunbookBinder(String file) {
        this.file = file;
    }

    record Bound(Optional<Runbook> runbook, List<Diagnostic> diagnostics) {}

    static Bound bind(Node root, String file) {
        RunbookBinder b = new RunbookBinder(file);
        Runbook rb = b.runbook(root);
        return new Bound(Optional.ofNullable(rb), b.diagnostics());
    }

    private Runbook runbook(Node root) {
        if (!(root instanceof Node.Mapping m)) {
            error(Code.WRONG_TYPE, root.pos(), "a runbook is a mapping of fields, found " + describe(root),
                    "start with 'runbook: <id>' followed by 'title:', 'severity:' and the phases");
            return null;
        }
        unknownFields(m, RUNBOOK_FIELDS, "runbook", field -> switch (field) {
            case "steps" -> "steps go in the phases: diagnose, resolve, verify, rollback";
            case "id", "name" -> "the runbook's id is written 'runbook: <id>'";
            case "overview", "description" -> "the overview is written 'summary:'";
            case "params", "inputs" -> "did you mean 'parameters'?";
            default -> null;
        });
        String id = requiredId(m, "runbook", "runbook");
        String title = requiredText(m, "title", "runbook");
        Severity severity = null;
        Node sev = m.get("severity");
        if (sev == null) {
            error(Code.MISSING_FIELD, m.pos(), "the runbook has no 'severity'", "add 'severity: P0' (P0 critical .. P3 low)");
        } else {
            String s = sev instanceof Node.Scalar sc && sc.value() != null ? String.valueOf(sc.value()) : null;
            severity = s == null ? null : Severity.parse(s.toUpperCase(Locale.ROOT)).orElse(null);
            if (severity == null) {
                error(Code.BAD_SEVERITY, sev.pos(), "severity must be P0, P1, P2 or P3, found " + describe(sev),
                        "P0 critical (15 min response), P1 high (1 h), P2 medium (4 h), P3 low (24 h)");
            }
        }
        String summary = text(m, "summary");
        List<String> symptoms = textList(m, "symptoms");
        List<String> prerequisites = textList(m, "prerequisites");
        List<String> references = textList(m, "references");
        List<Escalation> escalation = escalation(m.get("escalation"));
        Map<String, Parameter> parameters = parameters(m.get("parameters"));
        List<String> env = env(m.get("env"));
        Map<Phase, List<Step>> phases = new EnumMap<>(Phase.class);
        int total = 0;
        for (Phase phase : Phase.values()) {
            List<Step> steps = steps(m.get(phase.id()), phase);
            phases.put(phase, steps);
            total += steps.size();
        }
        if (total == 0 && Arrays.stream(Phase.values()).noneMatch(ph -> m.get(ph.id()) != null)) {
            error(Code.MISSING_FIELD, m.pos(), "the runbook has no steps",
                    "add at least one phase: diagnose, resolve, verify or rollback");
        }
        return new Runbook(id, title, severity, summary, symptoms, prerequisites, escalation, references,
                parameters, env, phases, file, m.pos());
    }

    private List<Escalation> escalation(Node node) {
        List<Escalation> list = new ArrayList<>();
        for (Node item : sequence(node, "escalation")) {
            if (!(item instanceof Node.Mapping e)) {
                error(Code.WRONG_TYPE, item.pos(), "an escalation entry is a mapping {after, to}, found " + describe(item),
                        "write '- after: 30m' and 'to: Team lead' on the next line");
                continue;
            }
            unknownFields(e, ESCALATION_FIELDS, "escalation entry", f -> null);
            Duration after = duration(e, "after");
            String to = requiredText(e, "to", "escalation entry");
            list.add(new Escalation(after, to, notify(e.get("notify")), e.pos()));
        }
        return list;
    }

    /** An escalation's {@code notify:}: a mapping of notify.webhook's arguments (checked against it by validate). */
    private Node.Mapping notify(Node node) {
        if (node == null) return null;
        if (!(node instanceof Node.Mapping n)) {
            error(Code.WRONG_TYPE, node.pos(), "'notify' of an escalation entry is a mapping {url, text, title, format, attempts}, found "
                    + describe(node), "write 'notify: { url: \"${params.pagerWebhook}\" }' with the webhook URL from a secret parameter");
            return null;
        }
        unknownFields(n, Escalation.NOTIFY_FIELDS, "escalation notify", f -> null);
        if (n.get("url") == null) {
            error(Code.MISSING_FIELD, n.pos(), "the escalation's notify has no 'url'",
                    "add 'url: \"${params.pagerWebhook}\"', the incoming-webhook URL from a parameter declared secret: true");
        }
        return n;
    }

    private Map<String, Parameter> parameters(Node node) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        if (node == null) return params;
        if (!(node instanceof Node.Mapping m)) {
            error(Code.WRONG_TYPE, node.pos(), "'parameters' is a mapping of name to definition, found " + describe(node),
                    "write 'parameters:' then '  app: { type: string, required: true }'");
            return params;
        }
        m.entries().forEach((name, def) -> {
            SourcePosition at = m.keyPos(name);
            if (!isParamName(name)) {
                error(Code.BAD_ID, at, "parameter name '" + name + "' is not an identifier",
                        "use letters, digits and '_' (it is read as params." + name.replaceAll("[^A-Za-z0-9_]", "_") + ")");
            }
            if (def instanceof Node.Scalar s && s.value() == null) {
                params.put(name, new Parameter(name, ParamType.STRING, false, null, null, List.of(), false, at));
                return;
            }
            if (!(def instanceof Node.Mapping p)) {
                error(Code.WRONG_TYPE, def.pos(), "parameter '" + name + "' must be a mapping, found " + describe(def),
                        "write '" + name + ": { type: string, required: true }'");
                return;
            }
            unknownFields(p, PARAM_FIELDS, "parameter '" + name + "'", f -> switch (f) {
                case "values", "allowed", "options" -> "allowed values are written 'enum: [a, b]'";
                case "sensitive", "password" -> "secret values are marked 'secret: true'";
                default -> null;
            });
            ParamType type = ParamType.STRING;
            Node t = p.get("type");
            if (t != null) {
                String ts = string(t, "type");
                if (ts != null) {
                    Optional<ParamType> pt = ParamType.parse(ts);
                    if (pt.isPresent()) {
                        type = pt.get();
                    } else {
                        List<String> ids = Arrays.stream(ParamType.values()).map(ParamType::id).toList();
                        error(Code.BAD_VALUE, t.pos(), "unknown parameter type '" + ts + "'",
                                didYouMean(ts, ids).orElse("one of: " + String.join(", ", ids)));
                    }
                }
            }
            boolean required = bool(p, "required");
            boolean secret = bool(p, "secret");
            String description = text(p, "description");
            Node d = p.get("default");
            // a string parameter takes the default exactly as written: "default: 012345670123" stays 012345670123
            Object dflt = d == null ? null
                    : type == ParamType.STRING && d instanceof Node.Scalar ds && ds.value() != null ? ds.text() : d.toPlain();
            if ((type == ParamType.INT || type == ParamType.NUMBER) && d instanceof Node.Scalar ds) {
                LeadingZero.check(ds, "the default of parameter '" + name + "'").ifPresent(this::add);
            }
            List<String> enumValues = new ArrayList<>();
            Node e = p.get("enum");
            if (e != null) {
                if (e instanceof Node.Sequence seq) {
                    for (Node v : seq.items()) {
                        if (v instanceof Node.Scalar sv && sv.value() != null) {
                            enumValues.add(type == ParamType.STRING ? sv.text() : String.valueOf(sv.value()));
                        } else {
                            error(Code.PARAM_ENUM, v.pos(), "enum values of parameter '" + name + "' must be plain values, found "
                                    + describe(v), null);
                        }
                    }
                    if (seq.items().isEmpty()) {
                        error(Code.PARAM_ENUM, e.pos(), "parameter '" + name + "' has an empty enum", "list the allowed values or remove 'enum'");
                    }
                } else {
                    error(Code.PARAM_ENUM, e.pos(), "'enum' of parameter '" + name + "' must be a list, found " + describe(e),
                            "write 'enum: [staging, production]'");
                }
            }
            params.put(name, new Parameter(name, type, required, dflt, description, enumValues, secret, at));
        });
        return params;
    }

    private List<String> env(Node node) {
        List<String> names = new ArrayList<>();
        for (Node item : sequence(node, "env")) {
            String name = string(item, "env");
            if (name == null) continue;
            if (!isEnvName(name)) {
                error(Code.BAD_ID, item.pos(), "'" + name + "' is not an environment variable name", "use letters, digits and '_'");
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private List<Step> steps(Node node, Phase phase) {
        List<Step> steps = new ArrayList<>();
        if (node == null) return steps;
        if (!(node instanceof Node.Sequence seq)) {
            if (!(node instanceof Node.Scalar s && s.value() == null)) {
                error(Code.WRONG_TYPE, node.pos(), "'" + phase.id() + "' is a list of steps, found " + describe(node),
                        "start each step with '- id: <step-id>'");
            }
            return steps;
        }
        int n = 0;
        for (Node item : seq.items()) {
            n++;
            if (!(item instanceof Node.Mapping m)) {
                error(Code.WRONG_TYPE, item.pos(), "a step is a mapping, found " + describe(item),
                        "write '- id: <step-id>' then 'uses: <action>' on the next line");
                continue;
            }
            steps.add(step(m, phase, n));
        }
        return steps;
    }

    private Step step(Node.Mapping m, Phase phase, int n) {
        Map<String, SourcePosition> positions = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> positions.put(k, v.pos()));
        unknownFields(m, STEP_FIELDS, "step", f -> switch (f) {
            case "action", "run" -> "the action is named with 'uses:'";
            case "args", "params", "parameters", "inputs" -> "action arguments go under 'with:'";
            case "when", "condition" -> "a condition is written 'if:'";
            case "depends_on", "dependsOn", "after" -> "dependencies are written 'needs: [step-id]'";
            case "description", "name" -> "did you mean 'title'?";
            default -> null;
        });
        String id = requiredId(m, "id", "step");
        if (id == null) id = phase.id() + "[" + n + "]";
        String what = "step '" + id + "'";
        String title = text(m, "title");
        String uses = requiredString(m, "uses", what, "name an action: 'uses: http.check' ('runbook actions' lists them)");
        Node.Mapping with = withBlock(m.get("with"), what);
        String ifExpr = condition(m.get("if"), what);
        List<String> needs = needs(m.get("needs"), what);
        Duration timeout = duration(m, "timeout");
        Retry retry = retry(m.get("retry"), what);
        OnFailure onFailure = enumValue(m, "onFailure", OnFailure::parse, OnFailure.values(), OnFailure::id);
        String confirm = text(m, "confirm");
        Effect effect = enumValue(m, "effect", Effect::parse, Effect.values(), Effect::id);
        UndoStep undo = undo(m.get("undo"), what);
        Map<String, String> outputs = outputs(m.get("outputs"), what);
        return new Step(id, title, phase, uses, with, ifExpr, needs, timeout, retry, onFailure, confirm, effect, undo,
                outputs, m.pos(), positions);
    }

    private String condition(Node ifNode, String what) {
        if (ifNode == null) return null;
        if (ifNode instanceof Node.Scalar s && (s.value() instanceof String || s.value() instanceof Boolean)) return String.valueOf(s.value());
        error(Code.WRONG_TYPE, ifNode.pos(), "'if' of " + what + " must be an expression, found " + describe(ifNode),
                "write 'if: \"steps.health.failed\"'");
        return null;
    }

    private Node.Mapping withBlock(Node node, String what) {
        if (node == null) return null;
        if (node instanceof Node.Mapping w) return w;
        if (node instanceof Node.Scalar s && s.value() == null) return new Node.Mapping(Map.of(), Map.of(), node.pos());
        error(Code.WRONG_TYPE, node.pos(), "'with' of " + what + " must be a mapping of argument names to values, found " + describe(node),
                "write 'with: { url: \"https://...\" }'");
        return null;
    }

    private List<String> needs(Node node, String what) {
        if (node == null) return null;
        List<String> ids = new ArrayList<>();
        if (node instanceof Node.Scalar s && s.value() instanceof String one) {
            ids.add(one);
            return ids;
        }
        if (!(node instanceof Node.Sequence seq)) {
            error(Code.WRONG_TYPE, node.pos(), "'needs' of " + what + " must be a list of step ids, found " + describe(node),
                    "write 'needs: [health, app]', or 'needs: []' to run independently");
            return null;
        }
        for (Node item : seq.items()) {
            String s = string(item, "needs");
            if (s != null) ids.add(s);
        }
        return ids;
    }

    private Retry retry(Node node, String what) {
        if (node == null) return null;
        if (!(node instanceof Node.Mapping m)) {
            error(Code.WRONG_TYPE, node.pos(), "'retry' of " + what + " must be a mapping, found " + describe(node),
                    "write 'retry: { attempts: 5, delay: 10s }'");
            return null;
        }
        unknownFields(m, RETRY_FIELDS, "retry", f -> null);
        int attempts = DEFAULT_ATTEMPTS;
        Node a = m.get("attempts");
        if (a != null) {
            if (a instanceof Node.Scalar s && s.value() instanceof Long l && l >= 1 && l <= 1000) {
                attempts = l.intValue();
            } else {
                error(Code.WRONG_TYPE, a.pos(), "'attempts' must be a whole number from 1 to 1000, found " + describe(a),
                        "attempts counts every try, including the first");
            }
        }
        Duration delay = duration(m, "delay");
        double backoff = 1.0;
        Node b = m.get("backoff");
        if (b != null) {
            if (b instanceof Node.Scalar s && s.value() instanceof Number num && num.doubleValue() >= 1.0 && num.doubleValue() <= 10.0) {
                backoff = num.doubleValue();
            } else {
                error(Code.WRONG_TYPE, b.pos(), "'backoff' must be a number from 1 to 10, found " + describe(b),
                        "the delay is multiplied by it after each try; 2 doubles it");
            }
        }
        return new Retry(attempts, delay == null ? DEFAULT_DELAY : delay, backoff, m.pos());
    }

    private UndoStep undo(Node node, String what) {
        if (node == null) return null;
        if (!(node instanceof Node.Mapping m)) {
            error(Code.WRONG_TYPE, node.pos(), "'undo' of " + what + " must be a mapping (a step without id), found " + describe(node),
                    "write 'undo:' then '  uses: <action>' and '  with: {...}'");
            return null;
        }
        unknownFields(m, UNDO_FIELDS, "undo", f -> switch (f) {
            case "id", "needs" -> "an undo has no '" + f + "': it belongs to its step and runs when that step is undone";
            case "undo" -> "an undo is not undone in turn";
            case "onFailure" -> "a failed undo always makes the rollback fail (the change is left in place and reported)";
            case "outputs" -> "nothing can read an undo's outputs";
            case "action", "run" -> "the action is named with 'uses:'";
            case "args", "params", "parameters", "inputs" -> "action arguments go under 'with:'";
            case "when", "condition" -> "a condition is written 'if:'";
            case "description", "name" -> "did you mean 'title'?";
            default -> null;
        });
        String undoOf = "the undo of " + what;
        Map<String, SourcePosition> positions = new LinkedHashMap<>();
        m.entries().forEach((k, v) -> positions.put(k, v.pos()));
        String title = text(m, "title");
        String uses = requiredString(m, "uses", undoOf, "name the compensating action: 'uses: <action>'");
        Node.Mapping with = withBlock(m.get("with"), undoOf);
        String ifExpr = condition(m.get("if"), undoOf);
        Duration timeout = duration(m, "timeout");
        Retry retry = retry(m.get("retry"), undoOf);
        String confirm = text(m, "confirm");
        Effect effect = enumValue(m, "effect", Effect::parse, Effect.values(), Effect::id);
        return new UndoStep(uses, with, m.pos(), title, ifExpr, timeout, retry, confirm, effect, positions);
    }

    private Map<String, String> outputs(Node node, String what) {
        Map<String, String> outputs = new LinkedHashMap<>();
        if (node == null) return outputs;
        if (!(node instanceof Node.Mapping m)) {
            error(Code.WRONG_TYPE, node.pos(), "'outputs' of " + what + " must be a mapping of name to expression, found " + describe(node),
                    "write 'outputs: { p95: \"${steps.latency.outputs.rows[0].p95}\" }'");
            return outputs;
        }
        m.entries().forEach((k, v) -> {
            if (!isParamName(k)) {
                error(Code.BAD_ID, m.keyPos(k), "output name '" + k + "' is not an identifier", "use letters, digits and '_'");
            }
            if (v instanceof Node.Scalar s && s.value() instanceof String str) {
                outputs.put(k, str);
            } else {
                error(Code.WRONG_TYPE, v.pos(), "output '" + k + "' must be a string with a ${...} expression, found " + describe(v), null);
            }
        });
        return outputs;
    }

    private List<String> textList(Node.Mapping m, String field) {
        List<String> list = new ArrayList<>();
        for (Node item : sequence(m.get(field), field)) {
            if (item instanceof Node.Scalar s && s.value() != null) {
                list.add(s.text());
            } else {
                error(Code.WRONG_TYPE, item.pos(), "items of '" + field + "' must be text, found " + describe(item),
                        "quote an item that contains ': '");
            }
        }
        return list;
    }
}
